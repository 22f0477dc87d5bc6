import { RULES, can, type Action } from '@luoshi/domain';
import type { MeT } from '@luoshi/contracts';
import type { LoadedActor } from '../../platform/auth/actor.ts';

export function presentMe(actor: LoadedActor): MeT {
  return {
    userId: actor.userId,
    username: actor.username,
    personId: actor.personId,
    displayName: actor.displayName,
    unitId: actor.unitId,
    unitName: actor.unitName,
    systemRoles: actor.systemRoles,
    memberships: actor.memberships.map((m) => ({
      unitId: m.unitId,
      unitName: actor.membershipNames[m.unitId] ?? '',
      role: m.role,
      unitFunctions: m.unitFunctions,
    })),
    chargedUnitIds: actor.chargedUnitIds,
    groupPositions: actor.groupPositions,
    mustChangePassword: actor.mustChangePassword,
    abilities: (Object.keys(RULES) as Action[]).filter((a) => can(actor, a)),
  };
}
