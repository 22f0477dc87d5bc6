/** The part of nodemailer's API Luoshi uses (the package ships no type declarations). */
declare module 'nodemailer' {
  export interface SmtpOptions {
    host: string;
    port: number;
    secure: boolean;
    auth?: { user: string; pass: string };
    connectionTimeout?: number;
    greetingTimeout?: number;
    socketTimeout?: number;
    tls?: { minVersion?: string; rejectUnauthorized?: boolean };
  }
  export interface MailOptions {
    from: string;
    to: string;
    subject: string;
    text: string;
    headers?: Record<string, string>;
  }
  export interface SentMessageInfo {
    messageId: string;
    accepted: unknown[];
    rejected: unknown[];
    response: string;
  }
  export interface Transporter {
    sendMail(mail: MailOptions): Promise<SentMessageInfo>;
    close(): void;
  }
  export function createTransport(options: SmtpOptions): Transporter;
  const nodemailer: { createTransport: typeof createTransport };
  export default nodemailer;
}
