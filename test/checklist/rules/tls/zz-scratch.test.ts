import { checkTemplate } from '../../helpers';
test('print', () => {
  const t = { Parameters: { P: { Type: 'String' } }, Resources: {
    Maria: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mariadb' } },
    Snap: { Type: 'AWS::RDS::DBInstance', Properties: { DBSnapshotIdentifier: 'x' } },
    Outside: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql', DBParameterGroupName: 'shared-params' } },
    Pg: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres13', Parameters: {} } },
    Es: { Type: 'AWS::Elasticsearch::Domain', Properties: {} },
    Mq: { Type: 'AWS::MSK::Cluster', Properties: { EncryptionInfo: { EncryptionInTransit: { ClientBroker: { Ref: 'P' } } } } },
    Dom: { Type: 'AWS::ApiGateway::DomainName', Properties: { SecurityPolicy: { Ref: 'P' } } },
    Lb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }, { Protocol: 'SSL', LoadBalancerPort: 443, InstancePort: 80 }] } },
    Dist: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { DefaultCacheBehavior: { TargetOriginId: 'a', ViewerProtocolPolicy: 'allow-all' }, Origins: [{ Id: 'a', DomainName: 'x', CustomOriginConfig: { OriginProtocolPolicy: 'match-viewer' } }, { Id: 'b', DomainName: 'y', CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.1','TLSv1.2'] } }] } } },
  } };
  for (const f of checkTemplate(t)) if (f.ruleId.startsWith('TLS')) console.log(`${f.id} | ${f.logicalId} | ${f.severity}\n  ${f.message}`);
});
