import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { deriveKey } from '../crypto/master-key.js';

/** The audit chain's HMAC key: derived from the master key, so never in the database. */
export function auditChainKey(master: Buffer): Buffer {
  return deriveKey(master, 'postbag/audit-chain/v1', '');
}

/**
 * Carries the key on the database handle. Kysely keeps a handle's plugins on every transaction
 * and connection made from it, so each `recordAudit(tx, ...)` finds the key the handle was given
 * at start-up without a new argument at dozens of call sites. It leaves queries untouched.
 */
class AuditKeyCarrier implements KyselyPlugin {
  constructor(readonly key: Buffer) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** The same database, with the audit key for every entry written or verified through it. */
export function withAuditKey<S>(db: Kysely<S>, key: Buffer): Kysely<S> {
  return db.withPlugin(new AuditKeyCarrier(key));
}

/** Any Kysely handle, transaction or connection. */
type Handle = Pick<Kysely<unknown>, 'getExecutor'>;

export function auditKeyOf(db: Handle): Buffer {
  const carrier = db
    .getExecutor()
    .plugins.findLast((p): p is AuditKeyCarrier => p instanceof AuditKeyCarrier);
  // A handle opened without it would write entries nobody could verify: refuse, loudly.
  if (!carrier) throw new Error('This database handle has no audit key: open it through withAuditKey (startPostbag does).');
  return carrier.key;
}
