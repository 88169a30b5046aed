import type { OfficeTx } from '../../db/scope.js';
import type { SignedInUser } from '../../platform/access/access.js';
import { maySeePerson } from '../casework/service.js';
import * as repo from './repo.js';

/** Whether the person exists and the user may see them: need-to-know reaches a person through their cases. */
export async function personVisible(tx: OfficeTx, user: SignedInUser, personId: string): Promise<boolean> {
  return (await repo.personExists(tx, user.officeId, personId)) && (await maySeePerson(tx, user, personId));
}
