// TLS8 (data stores in transit) beyond the main tests, found by mutation testing: what each
// finding says, values the rule cannot read, the engine defaults of every engine and version
// it knows, and how a DB instance or cluster's parameter group is found.
import { engineOf, engineOfFamily } from '../../../../src/checklist/rules/tls/data-store-transit';
import { Severity } from '../../../../src/checklist/severity';
import { parseTemplateText } from '../../../../src/cli/load';
import { checkTemplate, findingsOf } from '../../helpers';

type Props = Record<string, unknown>;

const tls8 = (template: object) => findingsOf(checkTemplate(template), 'TLS8');
const rows = (template: object) => tls8(template).map((f) => [f.id, f.logicalId]);
const imported = (name: string) => ({ 'Fn::ImportValue': name });
const anyString = { Type: 'String' };

/** A template with one resource `logicalId` and optional parameters and other resources. */
function one(logicalId: string, type: string, properties: Props, extra: { parameters?: Props; resources?: Props } = {}) {
  return { Parameters: extra.parameters ?? {}, Resources: { [logicalId]: { Type: type, Properties: properties }, ...extra.resources } };
}

/** The single TLS8 finding of a template, checked to be `id` on `logicalId`. */
function single(template: object, id: string, logicalId: string) {
  const findings = tls8(template);
  expect(findings.map((f) => [f.id, f.logicalId])).toEqual([[id, logicalId]]);
  expect(findings[0].severity).toBe(Severity.ERROR);
  return findings[0];
}

const cache = (props: Props, parameters?: Props) =>
  one('OrdersCache', 'AWS::ElastiCache::ReplicationGroup', { ReplicationGroupDescription: 'orders', Engine: 'redis', ...props }, { parameters });
const kafka = (transit: unknown, parameters?: Props) =>
  one('OrdersKafka', 'AWS::MSK::Cluster', { ClusterName: 'orders', KafkaVersion: '3.6.0', NumberOfBrokerNodes: 2, EncryptionInfo: { EncryptionInTransit: transit } }, { parameters });
const paramGroup = (family: unknown, parameters?: unknown, extra?: { parameters?: Props; resources?: Props }) =>
  one('OrdersParams', 'AWS::RDS::DBParameterGroup', { Family: family, Description: 'orders', ...(parameters === undefined ? {} : { Parameters: parameters }) }, extra);
const clusterParamGroup = (family: string, parameters?: unknown) =>
  one('OrdersParams', 'AWS::RDS::DBClusterParameterGroup', { Family: family, Description: 'orders', ...(parameters === undefined ? {} : { Parameters: parameters }) });
const instance = (props: Props, extra?: { parameters?: Props; resources?: Props }) =>
  one('OrdersDb', 'AWS::RDS::DBInstance', { DBInstanceClass: 'db.t3.micro', ...props }, extra);
const cluster = (props: Props, extra?: { parameters?: Props; resources?: Props }) => one('OrdersDb', 'AWS::RDS::DBCluster', props, extra);

describe('TLS8 edge cases', () => {
  describe('ElastiCache replication groups', () => {
    test('without TransitEncryptionEnabled: the finding names the group and says the setting is absent', () => {
      const f = single(cache({}), 'Hardened-TLS8[TransitEncryptionEnabled::false]', 'OrdersCache');
      expect(f.message).toContain('OrdersCache');
      expect(f.message).toContain('TransitEncryptionEnabled is absent');
    });

    test('with TransitEncryptionEnabled false: the finding says false, not absent', () => {
      const f = single(cache({ TransitEncryptionEnabled: false }), 'Hardened-TLS8[TransitEncryptionEnabled::false]', 'OrdersCache');
      expect(f.message).toContain('TransitEncryptionEnabled is false');
      expect(f.message).not.toContain('absent');
    });

    test('an imported TransitEncryptionEnabled: the unresolved finding names the group', () => {
      const f = single(cache({ TransitEncryptionEnabled: imported('Tls') }), 'Hardened-TLS8[Unresolved::Properties.TransitEncryptionEnabled]', 'OrdersCache');
      expect(f.message).toContain('OrdersCache');
    });

    test('TransitEncryptionMode required passes; Preferred, in any case, fires naming the group and the mode', () => {
      expect(rows(cache({ TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' }))).toEqual([]);
      const f = single(cache({ TransitEncryptionEnabled: true, TransitEncryptionMode: 'Preferred' }), 'Hardened-TLS8[TransitEncryptionMode::preferred]', 'OrdersCache');
      expect(f.message).toContain('OrdersCache');
      expect(f.message).toContain('preferred');
    });

    test('a TransitEncryptionMode that cannot be read is unresolved, naming the group', () => {
      const unresolved = 'Hardened-TLS8[Unresolved::Properties.TransitEncryptionMode]';
      const f = single(cache({ TransitEncryptionEnabled: true, TransitEncryptionMode: imported('Mode') }), unresolved, 'OrdersCache');
      expect(f.message).toContain('OrdersCache');
      single(cache({ TransitEncryptionEnabled: true, TransitEncryptionMode: { Ref: 'Mode' } }, { Mode: anyString }), unresolved, 'OrdersCache');
      single(cache({ TransitEncryptionEnabled: true, TransitEncryptionMode: true }), unresolved, 'OrdersCache');
    });
  });

  describe('MSK clusters', () => {
    test('ClientBroker TLS passes', () => {
      expect(rows(kafka({ ClientBroker: 'TLS', InCluster: true }))).toEqual([]);
    });

    test('ClientBroker PLAINTEXT: the finding names the cluster and the setting', () => {
      const f = single(kafka({ ClientBroker: 'PLAINTEXT' }), 'Hardened-TLS8[ClientBroker::PLAINTEXT]', 'OrdersKafka');
      expect(f.message).toContain('OrdersKafka');
      expect(f.message).toContain('PLAINTEXT');
    });

    test('InCluster false: the finding names the cluster and the setting', () => {
      const f = single(kafka({ InCluster: false }), 'Hardened-TLS8[InCluster::false]', 'OrdersKafka');
      expect(f.message).toContain('OrdersKafka');
      expect(f.message).toContain('InCluster');
    });

    test('an imported EncryptionInTransit is unresolved, naming the cluster', () => {
      const f = single(kafka(imported('Transit')), 'Hardened-TLS8[Unresolved::Properties.EncryptionInfo.EncryptionInTransit]', 'OrdersKafka');
      expect(f.message).toContain('OrdersKafka');
    });

    test('a ClientBroker that cannot be read (a parameter, a list) is unresolved, naming the cluster', () => {
      const unresolved = 'Hardened-TLS8[Unresolved::Properties.EncryptionInfo.EncryptionInTransit.ClientBroker]';
      const f = single(kafka({ ClientBroker: { Ref: 'Broker' } }, { Broker: anyString }), unresolved, 'OrdersKafka');
      expect(f.message).toContain('OrdersKafka');
      single(kafka({ ClientBroker: ['TLS'] }), unresolved, 'OrdersKafka');
    });

    test('an imported InCluster is unresolved, naming the cluster', () => {
      const f = single(kafka({ InCluster: imported('InCluster') }), 'Hardened-TLS8[Unresolved::Properties.EncryptionInfo.EncryptionInTransit.InCluster]', 'OrdersKafka');
      expect(f.message).toContain('OrdersKafka');
    });
  });

  describe('parameter groups', () => {
    test('a group without the parameter: the finding names the group, its family, the parameter and the engine default', () => {
      const f = single(paramGroup('mysql8.0', { time_zone: 'UTC' }), 'Hardened-TLS8[require_secure_transport::OFF]', 'OrdersParams');
      expect(f.message).toContain('OrdersParams');
      expect(f.message).toContain('mysql8.0');
      expect(f.message).toContain('require_secure_transport');
      expect(f.message).toContain('MySQL');
    });

    test('a group that turns the parameter off: the finding names the group, the parameter and the value', () => {
      const f = single(paramGroup('mysql8.0', { require_secure_transport: 'OFF' }), 'Hardened-TLS8[require_secure_transport::OFF]', 'OrdersParams');
      expect(f.message).toContain('OrdersParams');
      expect(f.message).toContain('require_secure_transport');
      expect(f.message).toContain('OFF');
    });

    test('require_secure_transport as the number 1 passes', () => {
      expect(rows(paramGroup('mysql8.0', { require_secure_transport: 1 }))).toEqual([]);
    });

    test('rds.force_ssl 1 passes and 0 fires', () => {
      expect(rows(paramGroup('postgres14', { 'rds.force_ssl': '1' }))).toEqual([]);
      single(paramGroup('postgres14', { 'rds.force_ssl': '0' }), 'Hardened-TLS8[rds.force_ssl::0]', 'OrdersParams');
    });

    test('a value that cannot be read is unresolved, naming the parameter and the group', () => {
      const unresolved = 'Hardened-TLS8[Unresolved::Properties.Parameters.require_secure_transport]';
      const f = single(paramGroup('mysql8.0', { require_secure_transport: { Ref: 'Secure' } }, { parameters: { Secure: anyString } }), unresolved, 'OrdersParams');
      expect(f.message).toContain('require_secure_transport');
      expect(f.message).toContain('OrdersParams');
      // The value of another resource of the template (an SSM parameter's value) is not known at synth time either.
      const fromResource = paramGroup(
        'mysql8.0',
        { require_secure_transport: { 'Fn::GetAtt': ['TlsSetting', 'Value'] } },
        { resources: { TlsSetting: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'ON' } } } },
      );
      single(fromResource, unresolved, 'OrdersParams');
    });

    test('imported Parameters are unresolved, naming the group and its family', () => {
      const f = single(paramGroup('mysql8.0', imported('Params')), 'Hardened-TLS8[Unresolved::Properties.Parameters]', 'OrdersParams');
      expect(f.message).toContain('OrdersParams');
      expect(f.message).toContain('mysql8.0');
    });

    test('a group without Parameters is judged by the engine default', () => {
      expect(rows(paramGroup('postgres16'))).toEqual([]);
      single(paramGroup('mysql8.0'), 'Hardened-TLS8[require_secure_transport::OFF]', 'OrdersParams');
    });

    test('a Family that cannot be read is unresolved, naming the group', () => {
      const unresolved = 'Hardened-TLS8[Unresolved::Properties.Family]';
      const f = single(paramGroup(imported('Family'), {}), unresolved, 'OrdersParams');
      expect(f.message).toContain('OrdersParams');
      single(paramGroup({ Ref: 'Family' }, {}, { parameters: { Family: anyString } }), unresolved, 'OrdersParams');
      single(paramGroup(8, {}), unresolved, 'OrdersParams');
    });

    test('families of engines that cannot force TLS this way are not judged', () => {
      expect(rows(paramGroup('oracle-ee-19', {}))).toEqual([]);
    });

    test.each([
      ['mariadb10.11', 'require_secure_transport::OFF', 'MariaDB'],
      ['mariadb11.4', 'require_secure_transport::OFF', 'MariaDB'],
      ['postgres14', 'rds.force_ssl::0', 'PostgreSQL'],
      ['postgres9.6', 'rds.force_ssl::0', 'PostgreSQL'],
      ['sqlserver-se-16.0', 'rds.force_ssl::0', 'SQL Server'],
    ])('%s: a group without the parameter fires with %s, naming the engine', (family, detail, engine) => {
      const f = single(paramGroup(family, {}), `Hardened-TLS8[${detail}]`, 'OrdersParams');
      expect(f.message).toContain(engine);
      expect(f.message).toContain(family);
    });

    test.each(['mariadb11.8', 'postgres15', 'postgres16'])('%s: a group without the parameter passes, the engine default forces TLS', (family) => {
      expect(rows(paramGroup(family, {}))).toEqual([]);
    });

    test.each([
      ['aurora-mysql8.0', 'require_secure_transport::OFF', 'Aurora MySQL'],
      ['aurora-postgresql16', 'rds.force_ssl::0', 'Aurora PostgreSQL'],
    ])('%s: a cluster parameter group without the parameter fires with %s, naming the engine', (family, detail, engine) => {
      const f = single(clusterParamGroup(family, {}), `Hardened-TLS8[${detail}]`, 'OrdersParams');
      expect(f.message).toContain(engine);
    });

    test('an Aurora PostgreSQL instance-level parameter group is not judged', () => {
      expect(rows(paramGroup('aurora-postgresql16', {}))).toEqual([]);
    });
  });

  describe('DB instances and clusters on the engine default', () => {
    test('the finding names the instance, the engine and its version', () => {
      const f = single(instance({ Engine: 'mysql', EngineVersion: '8.0.35' }), 'Hardened-TLS8[require_secure_transport::OFF]', 'OrdersDb');
      expect(f.message).toContain('OrdersDb');
      expect(f.message).toContain('mysql 8.0.35');
      expect(f.message).toContain('MySQL');
      expect(f.message).toContain('require_secure_transport');
    });

    test('without EngineVersion the finding names the engine alone', () => {
      const f = single(instance({ Engine: 'mysql' }), 'Hardened-TLS8[require_secure_transport::OFF]', 'OrdersDb');
      expect(f.message).toContain('default mysql parameter group');
    });

    test('a MariaDB instance without EngineVersion is unresolved, naming the instance and the engine', () => {
      const f = single(instance({ Engine: 'mariadb' }), 'Hardened-TLS8[Unresolved::Properties.EngineVersion]', 'OrdersDb');
      expect(f.message).toContain('OrdersDb');
      expect(f.message).toContain('MariaDB');
    });

    test('MariaDB 11.4 does not force TLS by default', () => {
      single(instance({ Engine: 'mariadb', EngineVersion: '11.4.5' }), 'Hardened-TLS8[require_secure_transport::OFF]', 'OrdersDb');
    });

    test('PostgreSQL 15, and PostgreSQL without a version (RDS creates a current one), force SSL by default', () => {
      expect(rows(instance({ Engine: 'postgres', EngineVersion: '15' }))).toEqual([]);
      expect(rows(instance({ Engine: 'postgres' }))).toEqual([]);
    });

    test('a SQL Server instance fires with rds.force_ssl, naming the engine', () => {
      const f = single(instance({ Engine: 'sqlserver-ex' }), 'Hardened-TLS8[rds.force_ssl::0]', 'OrdersDb');
      expect(f.message).toContain('SQL Server');
    });

    test('an instance of another engine (Oracle) is not judged', () => {
      expect(rows(instance({ Engine: 'oracle-ee', EngineVersion: '19' }))).toEqual([]);
      expect(rows(instance({ Engine: 'oracle-ee', DBParameterGroupName: 'default.oracle-ee-19' }))).toEqual([]);
    });

    test.each([
      ['aurora-mysql', 'require_secure_transport::OFF', 'Aurora MySQL'],
      ['aurora', 'require_secure_transport::OFF', 'Aurora MySQL'],
      ['aurora-postgresql', 'rds.force_ssl::0', 'Aurora PostgreSQL'],
    ])('Engine %s: a cluster without a parameter group fires on the cluster with %s, naming the engine', (engine, detail, name) => {
      const f = single(cluster({ Engine: engine }), `Hardened-TLS8[${detail}]`, 'OrdersDb');
      expect(f.message).toContain(name);
    });

    test('a cluster that names itself with DBClusterIdentifier is still judged', () => {
      single(cluster({ Engine: 'aurora-postgresql', DBClusterIdentifier: 'orders' }), 'Hardened-TLS8[rds.force_ssl::0]', 'OrdersDb');
    });

    test('Aurora instances are not judged, even with a parameter group from outside the template or without DBClusterIdentifier', () => {
      const member = instance({ Engine: 'aurora-mysql', DBClusterIdentifier: { Ref: 'Cluster' }, DBParameterGroupName: 'shared-instance-params' }, {
        resources: { Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', DBClusterParameterGroupName: { Ref: 'ClusterParams' } } }, ClusterParams: { Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { Family: 'aurora-mysql8.0', Description: 'c', Parameters: { require_secure_transport: 'ON' } } } },
      });
      expect(rows(member)).toEqual([]);
      expect(rows(instance({ Engine: 'aurora-postgresql' }))).toEqual([]);
      expect(rows(instance({ Engine: 'aurora-postgresql', DBParameterGroupName: 'default.aurora-postgresql16' }))).toEqual([]);
    });

    test('an instance restored from a snapshot, with no Engine and no parameter group, is unresolved on Engine', () => {
      const f = single(instance({ DBSnapshotIdentifier: 'orders-snapshot' }), 'Hardened-TLS8[Unresolved::Properties.Engine]', 'OrdersDb');
      expect(f.message).toContain('OrdersDb');
      expect(f.message).toContain('no Engine');
    });

    test('an Engine that cannot be read is unresolved, naming the instance', () => {
      const unresolved = 'Hardened-TLS8[Unresolved::Properties.Engine]';
      const f = single(instance({ Engine: imported('Engine') }), unresolved, 'OrdersDb');
      expect(f.message).toContain('OrdersDb');
      single(instance({ Engine: { Ref: 'Engine' } }, { parameters: { Engine: anyString } }), unresolved, 'OrdersDb');
      single(instance({ Engine: 5 }), unresolved, 'OrdersDb');
    });

    test('an unquoted YAML EngineVersion (a number) is a version, not an unknown', () => {
      const yaml = (engine: string, version: string) =>
        parseTemplateText(`Resources:\n  OrdersDb:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBInstanceClass: db.t3.micro\n      Engine: ${engine}\n      EngineVersion: ${version}\n`, 'template.yaml') as object;
      expect(rows(yaml('postgres', '15'))).toEqual([]);
      expect(rows(yaml('postgres', '14.7'))).toEqual([['Hardened-TLS8[rds.force_ssl::0]', 'OrdersDb']]);
      expect(rows(yaml('mariadb', '10.11'))).toEqual([['Hardened-TLS8[require_secure_transport::OFF]', 'OrdersDb']]);
      expect(rows(yaml('mariadb', '11.8'))).toEqual([]);
    });

    test('an EngineVersion that cannot be read is unresolved, naming the instance', () => {
      const unresolved = 'Hardened-TLS8[Unresolved::Properties.EngineVersion]';
      const f = single(instance({ Engine: 'postgres', EngineVersion: imported('Version') }), unresolved, 'OrdersDb');
      expect(f.message).toContain('OrdersDb');
      single(instance({ Engine: 'postgres', EngineVersion: { Ref: 'Version' } }, { parameters: { Version: anyString } }), unresolved, 'OrdersDb');
    });
  });

  describe('named parameter groups', () => {
    test('a default.<family> group is judged by that family\'s default, naming the group', () => {
      const f = single(instance({ Engine: 'mysql', DBParameterGroupName: 'default.mysql8.0' }), 'Hardened-TLS8[require_secure_transport::OFF]', 'OrdersDb');
      expect(f.message).toContain('OrdersDb');
      expect(f.message).toContain('default.mysql8.0');
    });

    test('an imported group is unresolved, naming the instance and the import', () => {
      const f = single(instance({ Engine: 'mysql', DBParameterGroupName: imported('Params') }), 'Hardened-TLS8[Unresolved::Properties.DBParameterGroupName]', 'OrdersDb');
      expect(f.message).toContain('OrdersDb');
      expect(f.message).toContain('Fn::ImportValue');
    });

    test('a group named but not defined in the template is unresolved, naming the group and the instance', () => {
      const f = single(instance({ Engine: 'mysql', DBParameterGroupName: 'shared-mysql-params' }), 'Hardened-TLS8[Unresolved::Properties.DBParameterGroupName]', 'OrdersDb');
      expect(f.message).toContain('shared-mysql-params');
      expect(f.message).toContain('OrdersDb');
    });

    test('a group of the template named by its DBParameterGroupName is judged on its own, not on the instance', () => {
      const t = instance(
        { Engine: 'mysql', DBParameterGroupName: 'orders-mysql' },
        { resources: { Params: { Type: 'AWS::RDS::DBParameterGroup', Properties: { DBParameterGroupName: 'orders-mysql', Family: 'mysql8.0', Description: 'p', Parameters: { require_secure_transport: 'ON' } } } } },
      );
      expect(rows(t)).toEqual([]);
    });

    test('a cluster group of the template named by its DBClusterParameterGroupName is judged on its own, not on the cluster', () => {
      const t = cluster(
        { Engine: 'aurora-postgresql', DBClusterParameterGroupName: 'orders-aurora' },
        { resources: { Params: { Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { DBClusterParameterGroupName: 'orders-aurora', Family: 'aurora-postgresql16', Description: 'p', Parameters: { 'rds.force_ssl': '1' } } } } },
      );
      expect(rows(t)).toEqual([]);
    });
  });

  describe('engine names and versions', () => {
    test('families and engines are read whatever their case, with major and minor versions', () => {
      expect(engineOfFamily('MariaDB10.11')).toEqual({ kind: 'mariadb', version: [10, 11] });
      expect(engineOfFamily('postgres16')).toEqual({ kind: 'postgres', version: [16, 0] });
      expect(engineOf('Postgres', '14.7')).toEqual({ kind: 'postgres', version: [14, 7] });
      expect(engineOf('aurora-postgresql', '16.4')).toEqual({ kind: 'aurora-postgresql' });
      expect(engineOf('oracle-ee', '19')).toBeUndefined();
    });
  });
});
