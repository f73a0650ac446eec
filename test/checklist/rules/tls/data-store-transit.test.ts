import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as rds from 'aws-cdk-lib/aws-rds';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const vpcIn = (stack: Stack) => new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });

function rawResource(type: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { ...extra, Resources: { Res: { Type: type, Properties: properties } } };
}

function mskCluster(stack: Stack, encryptionInfo?: msk.CfnCluster.EncryptionInfoProperty) {
  return new msk.CfnCluster(stack, 'Kafka', {
    clusterName: 'events',
    kafkaVersion: '3.6.0',
    numberOfBrokerNodes: 2,
    brokerNodeGroupInfo: { instanceType: 'kafka.m5.large', clientSubnets: ['subnet-1', 'subnet-2'] },
    encryptionInfo,
  });
}

describe('TLS8 data stores require encrypted connections', () => {
  describe('ElastiCache replication groups', () => {
    const group = (props: Partial<elasticache.CfnReplicationGroupProps>) => {
      const stack = newStack();
      new elasticache.CfnReplicationGroup(stack, 'Cache', { replicationGroupDescription: 'cache', engine: 'redis', cacheNodeType: 'cache.t3.micro', numCacheClusters: 1, ...props });
      return findingsOf(checkStack(stack), 'TLS8');
    };

    test('fails when transit encryption is not enabled', () => {
      expect(group({}).map((f) => [f.id, f.path])).toEqual([['Hardened-TLS8[TransitEncryptionEnabled::false]', 'TestStack/Cache']]);
    });

    test('passes with transit encryption, and fails when its mode is preferred', () => {
      expect(group({ transitEncryptionEnabled: true }).map((f) => f.id)).toEqual([]);
      expect(group({ transitEncryptionEnabled: true, transitEncryptionMode: 'preferred' }).map((f) => f.id)).toEqual(['Hardened-TLS8[TransitEncryptionMode::preferred]']);
    });

    test('judges a parameter by its AllowedValues and reports it unresolved without them', () => {
      const withParam = (param: Record<string, unknown>) =>
        rawResource('AWS::ElastiCache::ReplicationGroup', { ReplicationGroupDescription: 'c', TransitEncryptionEnabled: { Ref: 'Tls' } }, { Parameters: { Tls: { Type: 'String', ...param } } });
      expect(idsOf(checkTemplate(withParam({ AllowedValues: ['true'] })), 'TLS8')).toEqual([]);
      expect(idsOf(checkTemplate(withParam({ AllowedValues: ['true', 'false'] })), 'TLS8')).toEqual(['Hardened-TLS8[TransitEncryptionEnabled::false]']);
      expect(idsOf(checkTemplate(withParam({})), 'TLS8')).toEqual(['Hardened-TLS8[Unresolved::Properties.TransitEncryptionEnabled]']);
    });
  });

  describe('MSK clusters', () => {
    test('passes without in-transit settings (TLS and in-cluster encryption by default)', () => {
      const stack = newStack();
      mskCluster(stack);
      expect(idsOf(checkStack(stack), 'TLS8')).toEqual([]);
    });

    test('fails when clients may use plaintext or in-cluster encryption is off', () => {
      const stack = newStack();
      mskCluster(stack, { encryptionInTransit: { clientBroker: 'TLS_PLAINTEXT', inCluster: false } });
      const findings = findingsOf(checkStack(stack), 'TLS8');
      expect(findings.map((f) => [f.id, f.path]).sort()).toEqual([
        ['Hardened-TLS8[ClientBroker::TLS_PLAINTEXT]', 'TestStack/Kafka'],
        ['Hardened-TLS8[InCluster::false]', 'TestStack/Kafka'],
      ]);
    });

    test('reports an imported client-broker setting unresolved', () => {
      const template = rawResource('AWS::MSK::Cluster', { EncryptionInfo: { EncryptionInTransit: { ClientBroker: { 'Fn::ImportValue': 'Mode' } } } });
      expect(idsOf(checkTemplate(template), 'TLS8')).toEqual(['Hardened-TLS8[Unresolved::Properties.EncryptionInfo.EncryptionInTransit.ClientBroker]']);
    });
  });

  describe('RDS instances and parameter groups', () => {
    test('fails on a MySQL DatabaseInstance with the default parameter group', () => {
      const stack = newStack();
      new rds.DatabaseInstance(stack, 'Db', { engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }), vpc: vpcIn(stack) });
      const findings = findingsOf(checkStack(stack), 'TLS8');
      expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS8[require_secure_transport::OFF]', 'TestStack/Db/Resource']]);
    });

    test('passes when the instance\'s parameter group sets require_secure_transport ON', () => {
      const stack = newStack();
      new rds.DatabaseInstance(stack, 'Db', {
        engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }),
        vpc: vpcIn(stack),
        parameters: { require_secure_transport: 'ON' },
      });
      expect(idsOf(checkStack(stack), 'TLS8')).toEqual([]);
    });

    test('judges PostgreSQL defaults by version: 15+ forces SSL, 14 does not', () => {
      const stack = newStack();
      const vpc = vpcIn(stack);
      new rds.DatabaseInstance(stack, 'Pg16', { engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }), vpc });
      new rds.DatabaseInstance(stack, 'Pg14', { engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_14 }), vpc });
      const findings = findingsOf(checkStack(stack), 'TLS8');
      expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS8[rds.force_ssl::0]', 'TestStack/Pg14/Resource']]);
    });

    test('judges MariaDB defaults by version and reports a missing version unresolved', () => {
      const instance = (version?: string) => rawResource('AWS::RDS::DBInstance', { Engine: 'mariadb', DBInstanceClass: 'db.t3.micro', ...(version ? { EngineVersion: version } : {}) });
      expect(idsOf(checkTemplate(instance('11.8.2')), 'TLS8')).toEqual([]);
      expect(idsOf(checkTemplate(instance('10.11.6')), 'TLS8')).toEqual(['Hardened-TLS8[require_secure_transport::OFF]']);
      expect(idsOf(checkTemplate(instance()), 'TLS8')).toEqual(['Hardened-TLS8[Unresolved::Properties.EngineVersion]']);
    });

    test('judges a raw parameter group\'s value, loose or as a parameter', () => {
      const group = (value: unknown, extra: Record<string, unknown> = {}) =>
        rawResource('AWS::RDS::DBParameterGroup', { Family: 'mysql8.0', Description: 'p', Parameters: { require_secure_transport: value } }, extra);
      expect(idsOf(checkTemplate(group('1')), 'TLS8')).toEqual([]);
      expect(idsOf(checkTemplate(group('OFF')), 'TLS8')).toEqual(['Hardened-TLS8[require_secure_transport::OFF]']);
      const param = (p: Record<string, unknown>) => group({ Ref: 'Secure' }, { Parameters: { Secure: { Type: 'String', ...p } } });
      expect(idsOf(checkTemplate(param({ AllowedValues: ['ON', '1'] })), 'TLS8')).toEqual([]);
      expect(idsOf(checkTemplate(param({ AllowedValues: ['ON', 'OFF'] })), 'TLS8')).toEqual(['Hardened-TLS8[require_secure_transport::OFF]']);
      expect(idsOf(checkTemplate(param({})), 'TLS8')).toEqual(['Hardened-TLS8[Unresolved::Properties.Parameters.require_secure_transport]']);
    });

    test('reports an instance whose parameter group is imported as unresolved', () => {
      const template = rawResource('AWS::RDS::DBInstance', { Engine: 'mysql', DBInstanceClass: 'db.t3.micro', DBParameterGroupName: { 'Fn::ImportValue': 'Params' } });
      expect(idsOf(checkTemplate(template), 'TLS8')).toEqual(['Hardened-TLS8[Unresolved::Properties.DBParameterGroupName]']);
    });
  });

  describe('Aurora clusters', () => {
    test('fails on the cluster, not its instances, when an Aurora PostgreSQL cluster uses the default cluster parameter group', () => {
      const stack = newStack();
      new rds.DatabaseCluster(stack, 'Db', {
        engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
        writer: rds.ClusterInstance.provisioned('Writer'),
        vpc: vpcIn(stack),
      });
      const findings = findingsOf(checkStack(stack), 'TLS8');
      expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS8[rds.force_ssl::0]', 'TestStack/Db/Resource']]);
    });

    test('passes when the cluster parameter group sets rds.force_ssl 1', () => {
      const stack = newStack();
      new rds.DatabaseCluster(stack, 'Db', {
        engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
        writer: rds.ClusterInstance.provisioned('Writer'),
        vpc: vpcIn(stack),
        parameters: { 'rds.force_ssl': '1' },
      });
      expect(idsOf(checkStack(stack), 'TLS8')).toEqual([]);
    });

    test('does not judge an Aurora instance-level parameter group', () => {
      const template = rawResource('AWS::RDS::DBParameterGroup', { Family: 'aurora-mysql8.0', Description: 'instance parameters', Parameters: {} });
      expect(idsOf(checkTemplate(template), 'TLS8')).toEqual([]);
    });

    test('fails on a raw Aurora MySQL cluster parameter group without require_secure_transport', () => {
      const template = rawResource('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-mysql8.0', Description: 'cluster parameters', Parameters: { time_zone: 'UTC' } });
      expect(findingsOf(checkTemplate(template), 'TLS8').map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS8[require_secure_transport::OFF]', 'Res']]);
    });
  });
});
