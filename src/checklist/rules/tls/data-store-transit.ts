import { byResolvedName, child, literal, refTarget, shallowOf, valuesOf } from './judge';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { asBool, display, getCI, isObject, isUncertain, isUnknown } from '../../values';

const REPLICATION_GROUP = 'AWS::ElastiCache::ReplicationGroup';
const MSK_CLUSTER = 'AWS::MSK::Cluster';
const DB_PARAMETER_GROUP = 'AWS::RDS::DBParameterGroup';
const DB_CLUSTER_PARAMETER_GROUP = 'AWS::RDS::DBClusterParameterGroup';
const DB_INSTANCE = 'AWS::RDS::DBInstance';
const DB_CLUSTER = 'AWS::RDS::DBCluster';

/** The database engines whose parameter groups decide whether clients must use TLS. */
type EngineKind = 'mysql' | 'mariadb' | 'aurora-mysql' | 'postgres' | 'aurora-postgresql' | 'sqlserver';

interface Engine {
  readonly kind: EngineKind;
  /** Major and minor version, when known (`[15, 4]`, `[11, 8]`). */
  readonly version?: readonly number[];
}

const ENGINE_NAMES: Record<EngineKind, string> = {
  'mysql': 'MySQL',
  'mariadb': 'MariaDB',
  'aurora-mysql': 'Aurora MySQL',
  'postgres': 'PostgreSQL',
  'aurora-postgresql': 'Aurora PostgreSQL',
  'sqlserver': 'SQL Server',
};

/** The parameter that forces TLS for an engine. */
function parameterOf(kind: EngineKind): 'require_secure_transport' | 'rds.force_ssl' {
  return kind === 'mysql' || kind === 'mariadb' || kind === 'aurora-mysql' ? 'require_secure_transport' : 'rds.force_ssl';
}

function parseVersion(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)(?:\.(\d+))?/.exec(v.trim());
  return m ? [Number(m[1]), m[2] === undefined ? 0 : Number(m[2])] : undefined;
}

function atLeast(version: readonly number[], major: number, minor = 0): boolean {
  return version[0] > major || (version[0] === major && (version[1] ?? 0) >= minor);
}

/** The engine a parameter group family is for (`mysql8.0`, `aurora-postgresql16`, `sqlserver-se-16.0`); undefined for other engines. */
export function engineOfFamily(family: string): Engine | undefined {
  const f = family.trim().toLowerCase();
  let m: RegExpExecArray | null;
  if (/^aurora-mysql/.test(f) || /^aurora\d/.test(f)) return { kind: 'aurora-mysql' };
  if (/^aurora-postgresql/.test(f)) return { kind: 'aurora-postgresql' };
  if ((m = /^mysql(\d.*)$/.exec(f))) return { kind: 'mysql', version: parseVersion(m[1]) };
  if ((m = /^mariadb(\d.*)$/.exec(f))) return { kind: 'mariadb', version: parseVersion(m[1]) };
  if ((m = /^postgres(\d.*)$/.exec(f))) return { kind: 'postgres', version: parseVersion(m[1]) };
  if (/^sqlserver-/.test(f)) return { kind: 'sqlserver' };
  return undefined;
}

/** The engine of a DB instance or cluster (`Engine`, `EngineVersion`); undefined for other engines. */
export function engineOf(engine: string, version: string | undefined): Engine | undefined {
  const e = engine.trim().toLowerCase();
  if (e === 'aurora' || e === 'aurora-mysql') return { kind: 'aurora-mysql' };
  if (e === 'aurora-postgresql') return { kind: 'aurora-postgresql' };
  if (e === 'mysql' || e === 'mariadb' || e === 'postgres') return { kind: e, version: parseVersion(version) };
  if (/^sqlserver-/.test(e)) return { kind: 'sqlserver' };
  return undefined;
}

/**
 * Whether the engine's default parameter group forces TLS: MySQL, Aurora MySQL and
 * MariaDB before 11.8 have `require_secure_transport` OFF (MariaDB 11.8+ ON); RDS for
 * PostgreSQL 15+ has `rds.force_ssl` 1, older versions, Aurora PostgreSQL and SQL
 * Server 0. `unknown` when the answer depends on a version that is not given.
 */
export function defaultForcesTls(engine: Engine): 'yes' | 'no' | 'unknown' {
  switch (engine.kind) {
    case 'mariadb':
      return engine.version === undefined ? 'unknown' : atLeast(engine.version, 11, 8) ? 'yes' : 'no';
    case 'postgres':
      // Without a version RDS creates the current default version, 15 or newer since 2023.
      return engine.version === undefined || atLeast(engine.version, 15) ? 'yes' : 'no';
    default:
      return 'no';
  }
}

/** Whether a parameter value forces TLS (`ON`/`1` for `require_secure_transport`, `1` for `rds.force_ssl`). */
function valueForcesTls(parameter: string, v: unknown): 'yes' | 'no' | 'unknown' {
  if (isUncertain(v) || (typeof v === 'string' && v.includes('⟦'))) return 'unknown';
  const s = String(v).trim().toLowerCase();
  if (parameter === 'require_secure_transport') return ['on', '1', 'true'].includes(s) ? 'yes' : 'no';
  return s === '1' ? 'yes' : 'no';
}

/** TLS8: data stores require encrypted connections. */
export const TLS8: Rule = {
  id: 'TLS8',
  family: 'tls',
  severity: Severity.ERROR,
  title: 'A data store (ElastiCache, MSK, RDS, Aurora) requires encrypted connections',
  explanation:
    'Databases, caches and brokers carry the application\'s data and credentials. Without transit encryption (ElastiCache), with plaintext client or in-cluster traffic (MSK), or with a parameter group that lets clients connect without TLS (`require_secure_transport` OFF, `rds.force_ssl` 0), anyone on the network path can read or alter it.',
  fix: 'CDK: `transitEncryptionEnabled: true` (and `transitEncryptionMode: \'required\'`) on `elasticache.CfnReplicationGroup`; `encryptionInTransit: { clientBroker: msk.ClientBrokerEncryption.TLS, enableInCluster: true }` on an MSK cluster; for RDS/Aurora a `rds.ParameterGroup` (cluster parameter group for Aurora) with `require_secure_transport: \'ON\'` (MySQL, MariaDB, Aurora MySQL) or `\'rds.force_ssl\': \'1\'` (PostgreSQL, Aurora PostgreSQL, SQL Server). CloudFormation: `TransitEncryptionEnabled: true` on `AWS::ElastiCache::ReplicationGroup`; `EncryptionInfo.EncryptionInTransit` with `ClientBroker: TLS` and `InCluster: true` on `AWS::MSK::Cluster`; those `Parameters` on the `AWS::RDS::DBParameterGroup` / `AWS::RDS::DBClusterParameterGroup` the instance or cluster uses.',
  controls: ['ElastiCache.5', 'MSK.1'],
  resourceTypes: [REPLICATION_GROUP, MSK_CLUSTER, DB_PARAMETER_GROUP, DB_CLUSTER_PARAMETER_GROUP, DB_INSTANCE, DB_CLUSTER],
  references: [
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html (TransitEncryptionEnabled, off when absent; TransitEncryptionMode preferred still accepts unencrypted connections)',
    'https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html (ClientBroker TLS | TLS_PLAINTEXT | PLAINTEXT, TLS when absent; InCluster true when absent)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html (MySQL: require_secure_transport OFF by default)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html (MariaDB: OFF for 11.4 and earlier, ON for 11.8 and later)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html (RDS for PostgreSQL: rds.force_ssl 1 by default from version 15, 0 before)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Security.html (Aurora PostgreSQL: rds.force_ssl 0 by default)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Security.html (Aurora MySQL: require_secure_transport OFF by default, a cluster parameter)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/SQLServer.Concepts.General.SSL.Using.html (SQL Server: rds.force_ssl 0 by default)',
    'Judged: DB parameter groups of the mysql*, mariadb*, postgres* and sqlserver-* families and DB cluster parameter groups (aurora-mysql*, aurora-postgresql*, and mysql/postgres Multi-AZ clusters); a DB instance or cluster with no parameter group, or a default.<family> one, is judged by its engine\'s defaults. Aurora member instances are not judged: the cluster parameter group decides.',
  ],
  check(resource, ctx) {
    switch (resource.type) {
      case REPLICATION_GROUP:
        return judgeReplicationGroup(resource, ctx);
      case MSK_CLUSTER:
        return judgeMsk(resource, ctx);
      case DB_PARAMETER_GROUP:
      case DB_CLUSTER_PARAMETER_GROUP:
        return judgeParameterGroup(resource, ctx);
      default:
        return judgeDatabase(resource, ctx);
    }
  },
};

function judgeReplicationGroup(group: ResourceView, ctx: RuleContext) {
  for (const v of valuesOf(ctx, group.prop('TransitEncryptionEnabled'))) {
    const on = asBool(v);
    if (isUnknown(on)) {
      ctx.unresolved('Properties.TransitEncryptionEnabled', `Whether ${group.displayName} encrypts connections`);
    } else if (on !== true) {
      ctx.report({
        detail: 'TransitEncryptionEnabled::false',
        message: `${group.displayName} has no transit encryption (TransitEncryptionEnabled is ${v === undefined ? 'absent' : 'false'}): clients talk to the cache in clear text`,
      });
    } else {
      for (const mode of valuesOf(ctx, group.prop('TransitEncryptionMode'))) {
        if (mode === undefined) continue; // required
        if (isUncertain(mode) || typeof mode !== 'string') {
          ctx.unresolved('Properties.TransitEncryptionMode', `The transit encryption mode of ${group.displayName}`);
        } else if (mode.toLowerCase() === 'preferred') {
          ctx.report({
            detail: 'TransitEncryptionMode::preferred',
            message: `${group.displayName} has TransitEncryptionMode preferred, which still accepts unencrypted connections (use required)`,
          });
        }
      }
    }
  }
}

function judgeMsk(cluster: ResourceView, ctx: RuleContext) {
  for (const info of shallowOf(ctx, cluster.prop('EncryptionInfo'))) {
    for (const transit of shallowOf(ctx, child(info, 'EncryptionInTransit'))) {
      if (transit !== undefined && !isObject(transit)) {
        ctx.unresolved('Properties.EncryptionInfo.EncryptionInTransit', `The in-transit encryption of ${cluster.displayName}`);
        continue;
      }
      for (const v of valuesOf(ctx, child(transit, 'ClientBroker'))) {
        if (v === undefined) continue; // TLS
        if (isUncertain(v) || typeof v !== 'string') {
          ctx.unresolved('Properties.EncryptionInfo.EncryptionInTransit.ClientBroker', `The client-broker encryption of ${cluster.displayName}`);
        } else if (v.toUpperCase() !== 'TLS') {
          ctx.report({
            detail: `ClientBroker::${v}`,
            message: `${cluster.displayName} lets clients talk to brokers in plaintext (ClientBroker ${v}; use TLS)`,
          });
        }
      }
      for (const v of valuesOf(ctx, child(transit, 'InCluster'))) {
        const on = asBool(v);
        if (isUnknown(on)) {
          ctx.unresolved('Properties.EncryptionInfo.EncryptionInTransit.InCluster', `The in-cluster encryption of ${cluster.displayName}`);
        } else if (on === false) {
          ctx.report({ detail: 'InCluster::false', message: `${cluster.displayName} turns off encryption between brokers (InCluster false)` });
        }
      }
    }
  }
}

/** A DB (cluster) parameter group of an engine that can force TLS. Aurora instance-level groups do not decide. */
function judgeParameterGroup(group: ResourceView, ctx: RuleContext) {
  for (const family of valuesOf(ctx, group.prop('Family'))) {
    if (isUncertain(family) || typeof family !== 'string') {
      ctx.unresolved('Properties.Family', `The family of ${group.displayName}`);
      continue;
    }
    const engine = engineOfFamily(family);
    if (!engine) continue;
    if (group.type === DB_PARAMETER_GROUP && engine.kind.startsWith('aurora-')) continue;
    judgeParameters(ctx, engine, group.prop('Parameters'), `${group.displayName} (family ${family})`);
  }
}

function judgeParameters(ctx: RuleContext, engine: Engine, rawParameters: unknown, what: string) {
  const parameter = parameterOf(engine.kind);
  for (const params of shallowOf(ctx, rawParameters)) {
    if (params !== undefined && !isObject(params)) {
      ctx.unresolved('Properties.Parameters', `The parameters of ${what}`);
      continue;
    }
    for (const v of valuesOf(ctx, isObject(params) ? getCI(params, parameter) : undefined)) {
      if (v === undefined) {
        judgeDefault(ctx, engine, `${what} does not set ${parameter}`, 'Properties.Family');
        continue;
      }
      const forced = valueForcesTls(parameter, v);
      if (forced === 'unknown') {
        ctx.unresolved(`Properties.Parameters.${parameter}`, `The ${parameter} setting of ${what}`);
      } else if (forced === 'no') {
        ctx.report({
          detail: `${parameter}::${display(v)}`,
          message: `${what} sets ${parameter} to ${display(v)}, so clients may connect without TLS`,
        });
      }
    }
  }
}

/**
 * Judges an engine default: `lead` says why the default applies; `versionPath` is
 * what to name when the default depends on a version that is not given.
 */
function judgeDefault(ctx: RuleContext, engine: Engine, lead: string, versionPath: string) {
  const parameter = parameterOf(engine.kind);
  const forced = defaultForcesTls(engine);
  if (forced === 'unknown') {
    ctx.unresolved(
      versionPath,
      `${lead}. Its ${ENGINE_NAMES[engine.kind]} version, which decides the default ${parameter} (OFF before 11.8, ON from 11.8),`,
    );
  } else if (forced === 'no') {
    const off = parameter === 'require_secure_transport' ? 'OFF' : '0';
    ctx.report({
      detail: `${parameter}::${off}`,
      message: `${lead}, and the ${ENGINE_NAMES[engine.kind]} default is ${parameter} = ${off}, so clients may connect without TLS`,
    });
  }
}

/**
 * A DB instance or cluster: judged only when it uses the engine's default parameter
 * group (none given, or `default.<family>`); a group of this template is judged on its
 * own. Instances in a cluster are not judged: the cluster parameter group decides.
 */
function judgeDatabase(db: ResourceView, ctx: RuleContext) {
  const isCluster = db.type === DB_CLUSTER;
  if (!isCluster && db.prop('DBClusterIdentifier') !== undefined) return;
  const groupProp = isCluster ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
  const groupType = isCluster ? DB_CLUSTER_PARAMETER_GROUP : DB_PARAMETER_GROUP;
  const versions = valuesOf(ctx, db.prop('EngineVersion'));
  for (const engineName of valuesOf(ctx, db.prop('Engine'))) {
    for (const group of valuesOf(ctx, db.prop(groupProp))) {
      if (group !== undefined) {
        judgeNamedGroup(db, ctx, group, groupProp, groupType);
        continue;
      }
      if (engineName === undefined) {
        ctx.unresolved('Properties.Engine', `${db.displayName} has no Engine (restored from a snapshot?) and no parameter group; the engine, whose default parameter group decides whether TLS is required,`);
        continue;
      }
      if (isUncertain(engineName) || typeof engineName !== 'string') {
        ctx.unresolved('Properties.Engine', `The engine of ${db.displayName}`);
        continue;
      }
      for (const raw of versions) {
        // A loose scalar: an unquoted YAML `EngineVersion: 15` is the number 15.
        const version = typeof raw === 'number' ? String(raw) : raw;
        if (version !== undefined && (isUncertain(version) || typeof version !== 'string')) {
          ctx.unresolved('Properties.EngineVersion', `The engine version of ${db.displayName}`);
          continue;
        }
        const engine = engineOf(engineName, version as string | undefined);
        if (!engine || (!isCluster && engine.kind.startsWith('aurora-'))) continue;
        judgeDefault(ctx, engine, `${db.displayName} uses the default ${engineName}${version ? ` ${version}` : ''} parameter group`, 'Properties.EngineVersion');
      }
    }
  }
}

/** A parameter group named on an instance or cluster: `default.<family>` is judged here; any other must be in the template. */
function judgeNamedGroup(db: ResourceView, ctx: RuleContext, group: unknown, groupProp: string, groupType: string) {
  const id = refTarget(group);
  if (id && ctx.template.resource(id)) return; // judged on its own
  const name = literal(group);
  if (name === undefined) {
    ctx.unresolved(`Properties.${groupProp}`, `The parameter group of ${db.displayName} (${display(group)})`);
    return;
  }
  const m = /^default\.(.+)$/i.exec(name);
  if (m) {
    const engine = engineOfFamily(m[1]);
    if (!engine || (groupType === DB_PARAMETER_GROUP && engine.kind.startsWith('aurora-'))) return;
    judgeDefault(ctx, engine, `${db.displayName} uses the default parameter group ${name}`, `Properties.${groupProp}`);
    return;
  }
  const nameProp = groupType === DB_PARAMETER_GROUP ? 'DBParameterGroupName' : 'DBClusterParameterGroupName';
  if ((byResolvedName(ctx, groupType, nameProp).get(name) ?? []).length > 0) return; // judged on its own
  ctx.unresolved(`Properties.${groupProp}`, `The parameter group ${name} of ${db.displayName}, defined outside this template,`);
}
