import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** An imported VPC: security groups and instances in it add no VPC resources to the template. */
export function importedVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-12345678',
    availabilityZones: ['us-east-1a'],
    privateSubnetIds: ['subnet-12345678'],
  });
}

/** A raw template with one security group holding `ingress` inline (and a closed egress). */
export function sgWithIngress(ingress: unknown, extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    ...extra,
    Resources: {
      ...((extra.Resources as object) ?? {}),
      Sg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'test',
          VpcId: 'vpc-12345678',
          SecurityGroupIngress: ingress,
          SecurityGroupEgress: [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32' }],
        },
      },
    },
  };
}

/** One inline ingress rule. */
export function rule(props: Record<string, unknown>): Record<string, unknown> {
  return { IpProtocol: 'tcp', ...props };
}

/** NET6 network ACL entries: allow SSH from anywhere, allow all traffic from anywhere, deny one TCP port from anywhere. */
export const allowSsh = { RuleNumber: 100, Protocol: 6, RuleAction: 'allow', CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } };
export const allowAll = { RuleNumber: 100, Protocol: -1, RuleAction: 'allow', CidrBlock: '0.0.0.0/0' };
export const deny = (n: number, port: number, extra: Record<string, unknown> = {}) => ({
  RuleNumber: n,
  Protocol: 6,
  RuleAction: 'deny',
  CidrBlock: '0.0.0.0/0',
  PortRange: { From: port, To: port },
  ...extra,
});
