/**
 * JSON schemas of Open311 GeoReport v2 responses, written from the specification text
 * (wiki.open311.org/GeoReport_v2), as zod schemas: what each response must contain and in which
 * format. Dates are W3C/ISO 8601 with a time-zone offset, as the public validator insists.
 */
import { z } from 'zod';

export const W3C_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;
const date = z.string().regex(W3C_DATE);

export const Service = z.object({
  service_code: z.string().min(1),
  service_name: z.string().min(1),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
export const Services = z.array(Service);

export const Attribute = z.object({
  variable: z.boolean(),
  code: z.string().min(1),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
});
export const ServiceDefinition = z.object({ service_code: z.string().min(1), attributes: z.array(Attribute) });

export const ServiceRequest = z.object({
  service_request_id: z.string().min(1),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable().optional(),
  service_name: z.string(),
  service_code: z.string().min(1),
  description: z.string(),
  agency_responsible: z.string(),
  service_notice: z.string(),
  requested_datetime: date,
  updated_datetime: date.nullable(),
  expected_datetime: date.nullable(),
  address: z.string(),
  address_id: z.string(),
  zipcode: z.string(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  /** a URL to the request's media (http or https), or null without media: an empty string is no URL
   * (the pattern carries this into the JSON Schema, where validators need not check `format`) */
  media_url: z.url({ protocol: /^https?$/ }).regex(/^https?:\/\/\S+$/).nullable(),
});
export const ServiceRequests = z.array(ServiceRequest);

export const PostResponse = z
  .array(z.object({ service_request_id: z.string().optional(), token: z.string().optional(), service_notice: z.string(), account_id: z.string() }))
  .length(1)
  .refine((a) => Boolean(a[0]!.service_request_id || a[0]!.token), { message: 'service_request_id or token' });

export const Tokens = z.array(z.object({ service_request_id: z.string().min(1), token: z.string().min(1) }));
export const Errors = z.array(z.object({ code: z.number().int(), description: z.string().min(1) })).min(1);
export const Discovery = z.object({
  changeset: date,
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(z.object({ specification: z.string().url(), url: z.string(), changeset: date, type: z.enum(['production', 'test']), formats: z.array(z.string()).min(1) })).min(1),
});

/**
 * The fields the GeoReport v2 definitions mark as required (the specification's Swagger document,
 * `definitions.*.required`); the schemas above must require at least these.
 */
export const SPEC_REQUIRED: [string, z.ZodType, string[]][] = [
  ['Service', Service, ['service_code', 'service_name', 'type']],
  ['ServiceDefinition', ServiceDefinition, ['service_code', 'attributes']],
  ['ServiceAttribute', Attribute, ['variable', 'code', 'datatype', 'required']],
  ['Request', ServiceRequest, ['service_request_id', 'status', 'service_code', 'requested_datetime']],
];
