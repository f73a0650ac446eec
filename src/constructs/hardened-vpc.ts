import { Duration, FeatureFlags, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { SecureBucket } from './secure-bucket';
import { allowFlowLogDelivery } from '../private/access-logs';
import { giveProviderALogGroup } from '../private/cdk-provider-logs';

/** The construct ID of the stack-wide provider CDK creates for `restrictDefaultSecurityGroup`. */
const RESTRICT_DEFAULT_SG_PROVIDER = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

/**
 * Properties of a `HardenedVpc`.
 */
export interface HardenedVpcProps {
  /**
   * The provider of the VPC's IPv4 address space.
   *
   * @default ec2.IpAddresses.cidr('10.0.0.0/16')
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
   */
  readonly ipAddresses?: ec2.IIpAddresses;

  /**
   * The maximum number of Availability Zones to use.
   *
   * Specify this or `availabilityZones`, not both.
   *
   * @default 3 (2 in an environment-agnostic stack)
   */
  readonly maxAzs?: number;

  /**
   * The Availability Zones the VPC spans.
   *
   * Specify this or `maxAzs`, not both.
   *
   * @default - a subset of the stack's Availability Zones
   */
  readonly availabilityZones?: string[];

  /**
   * Allow public subnets (subnets with a route to an internet gateway).
   *
   * Without it the VPC has no public subnet and no internet gateway, and a
   * `subnetConfiguration` with a `PUBLIC` subnet, or `natGateways` above 0, throws.
   * With it (and no `subnetConfiguration`), the VPC gets a public subnet group, whose
   * subnets do not assign public IPv4 addresses on launch.
   *
   * @default false
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html#subnet-types
   */
  readonly allowPublicSubnets?: boolean;

  /**
   * The number of NAT gateways (or instances) for outbound internet access from
   * private subnets. NAT needs public subnets: set `allowPublicSubnets: true` too.
   *
   * @default 0 - no NAT; the private subnets are isolated (reach AWS services through VPC endpoints)
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
   */
  readonly natGateways?: number;

  /**
   * The NAT provider (NAT gateways or instances), when `natGateways` is above 0.
   *
   * @default ec2.NatProvider.gateway()
   */
  readonly natGatewayProvider?: ec2.NatProvider;

  /**
   * The subnets that hold the NAT gateways, when `natGateways` is above 0.
   *
   * @default - all public subnets
   */
  readonly natGatewaySubnets?: ec2.SubnetSelection;

  /**
   * The subnet groups to create in each Availability Zone.
   *
   * A `PUBLIC` subnet group needs `allowPublicSubnets: true`; public subnets that do
   * not set `mapPublicIpOnLaunch` do not assign public IPv4 addresses on launch.
   *
   * @default - one `PRIVATE_ISOLATED` group; with `allowPublicSubnets`, a `PUBLIC` group plus
   * a `PRIVATE_ISOLATED` one (`PRIVATE_WITH_EGRESS` when `natGateways` is above 0)
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html
   */
  readonly subnetConfiguration?: ec2.SubnetConfiguration[];

  /**
   * Gateway endpoints (S3, DynamoDB) to add to the VPC, so private subnets reach those
   * services without NAT.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
   */
  readonly gatewayEndpoints?: { [id: string]: ec2.GatewayVpcEndpointOptions };

  /**
   * The VPC's name (its `Name` tag).
   *
   * @default - the construct's path
   */
  readonly vpcName?: string;

  /**
   * Whether instances get public DNS hostnames (needs `enableDnsSupport`).
   *
   * @default true
   */
  readonly enableDnsHostnames?: boolean;

  /**
   * Whether the Amazon-provided DNS server resolves names in the VPC (needed by
   * interface VPC endpoints with private DNS).
   *
   * @default true
   */
  readonly enableDnsSupport?: boolean;

  /**
   * Where the flow log (all traffic, accepted and rejected) is delivered.
   *
   * `CLOUD_WATCH_LOGS`: a new log group with `flowLogRetention`, written by a role only
   * VPC Flow Logs of this account can assume, allowed only to write to that group.
   * `S3`: `flowLogBucket`, or a new `SecureBucket`. `KINESIS_DATA_FIREHOSE` is not
   * supported.
   *
   * @default - `S3` when `flowLogBucket` is given, otherwise `CLOUD_WATCH_LOGS`
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
   */
  readonly flowLogDestinationType?: ec2.FlowLogDestinationType;

  /**
   * How long flow logs are kept: the retention of the log group (CloudWatch Logs), or
   * an expiration lifecycle rule on the bucket this construct creates (S3).
   *
   * `RetentionDays.INFINITE` is refused for CloudWatch Logs (Hardened-LOG6).
   *
   * @default logs.RetentionDays.ONE_YEAR
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * The bucket that receives the flow logs when they go to S3. The construct adds the
   * log delivery permissions to its policy (when it is a bucket of this app).
   *
   * @default - a new `SecureBucket` (only with `flowLogDestinationType: S3`)
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
   */
  readonly flowLogBucket?: s3.IBucket;
}

/**
 * A VPC whose default security group allows nothing, whose traffic is recorded by a
 * flow log, and which has no public subnet unless asked for.
 *
 * - `restrictDefaultSecurityGroup` is always on (Hardened-NET5): CDK removes the default
 *   security group's rules through a custom resource (`Custom::VpcRestrictDefaultSG`).
 *   This construct gives that resource's provider function (a CDK-internal stack
 *   singleton) an explicit log group with a one-year retention (Hardened-LOG6).
 * - A flow log of all traffic (Hardened-NET7): to a CloudWatch Logs group kept one year,
 *   written by a least-privilege role whose trust policy only lets VPC Flow Logs of this
 *   account assume it (`aws:SourceAccount`, `aws:SourceArn`); or to S3 (a `SecureBucket`).
 * - Subnets: `PRIVATE_ISOLATED` only, no internet gateway, no NAT. Public subnets need
 *   `allowPublicSubnets: true` (and do not assign public IPv4 addresses on launch); NAT needs
 *   `natGateways` above 0 as well, and gives `PRIVATE_WITH_EGRESS` subnets.
 *
 * It is an `ec2.Vpc`, so it can be passed wherever an `IVpc` is expected.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-best-practices.html
 */
export class HardenedVpc extends ec2.Vpc {
  /** The VPC's flow log. */
  public readonly flowLog: ec2.FlowLog;

  /** The log group that receives the flow logs, when they go to CloudWatch Logs. */
  public readonly flowLogGroup?: logs.ILogGroup;

  /** The bucket that receives the flow logs, when they go to S3. */
  public readonly flowLogBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: HardenedVpcProps = {}) {
    const path = `${scope.node.path ? scope.node.path + '/' : ''}${id}`;
    const settings = vpcSettings(path, props);
    super(scope, id, {
      ipAddresses: props.ipAddresses,
      maxAzs: props.maxAzs,
      availabilityZones: props.availabilityZones,
      natGateways: settings.natGateways,
      natGatewayProvider: props.natGatewayProvider,
      natGatewaySubnets: props.natGatewaySubnets,
      subnetConfiguration: settings.subnetConfiguration,
      gatewayEndpoints: props.gatewayEndpoints,
      vpcName: props.vpcName,
      enableDnsHostnames: props.enableDnsHostnames,
      enableDnsSupport: props.enableDnsSupport,
      restrictDefaultSecurityGroup: true,
    });

    const stack = Stack.of(this);
    giveProviderALogGroup(stack, RESTRICT_DEFAULT_SG_PROVIDER, logs.RetentionDays.ONE_YEAR);

    const retention = props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR;
    if (settings.flowLogDestination === ec2.FlowLogDestinationType.S3) {
      let bucket = props.flowLogBucket;
      if (!bucket) {
        const created = new SecureBucket(this, 'FlowLogBucket');
        if (retention !== logs.RetentionDays.INFINITE) {
          created.addLifecycleRule({
            id: 'ExpireFlowLogs',
            expiration: Duration.days(retention),
            noncurrentVersionExpiration: Duration.days(1),
          });
        }
        bucket = created;
      }
      this.flowLogBucket = bucket;
      // CDK adds the log delivery statements only under a feature flag: add them otherwise.
      if (!FeatureFlags.of(this).isEnabled(cxapi.S3_CREATE_DEFAULT_LOGGING_POLICY)) allowFlowLogDelivery(bucket, stack);
      this.flowLog = this.addFlowLog('FlowLog', {
        destination: ec2.FlowLogDestination.toS3(bucket),
        trafficType: ec2.FlowLogTrafficType.ALL,
      });
    } else {
      const group = new logs.LogGroup(this, 'FlowLogGroup', { retention, removalPolicy: RemovalPolicy.RETAIN });
      const role = new iam.Role(this, 'FlowLogRole', {
        description: `Lets VPC Flow Logs write the flow log of ${this.node.path} to its log group`,
        assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' }) },
          },
        }),
      });
      this.flowLogGroup = group;
      // CDK grants the role logs:CreateLogStream, logs:PutLogEvents and logs:DescribeLogStreams on this group only.
      this.flowLog = this.addFlowLog('FlowLog', {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(group, role),
        trafficType: ec2.FlowLogTrafficType.ALL,
      });
    }
  }
}

interface VpcSettings {
  readonly natGateways: number;
  readonly subnetConfiguration: ec2.SubnetConfiguration[];
  readonly flowLogDestination: ec2.FlowLogDestinationType;
}

/** Validates the props (throwing with the prop, the value and the fix) and derives the VPC's settings. */
function vpcSettings(path: string, props: HardenedVpcProps): VpcSettings {
  const allowPublic = props.allowPublicSubnets ?? false;
  const natGateways = props.natGateways ?? 0;
  const fail = (message: string): never => {
    throw new Error(`vpc ${path}: ${message}`);
  };

  if (natGateways > 0 && !allowPublic) {
    fail(
      `natGateways: ${natGateways} needs public subnets for the NAT gateways, and a HardenedVpc has none unless allowPublicSubnets is true. ` +
        'Fix: set allowPublicSubnets: true as well, or keep natGateways at 0 and reach AWS services through VPC endpoints (gatewayEndpoints, InterfaceVpcEndpoint)',
    );
  }

  let subnetConfiguration: ec2.SubnetConfiguration[];
  if (props.subnetConfiguration) {
    const publicGroups = props.subnetConfiguration.filter((c) => c.subnetType === ec2.SubnetType.PUBLIC);
    if (publicGroups.length > 0 && !allowPublic) {
      fail(
        `subnetConfiguration has the PUBLIC subnet group(s) ${publicGroups.map((c) => `'${c.name}'`).join(', ')}, and a HardenedVpc has no public subnet unless allowPublicSubnets is true. ` +
          'Fix: use PRIVATE_ISOLATED (or PRIVATE_WITH_EGRESS with NAT) subnets, or set allowPublicSubnets: true if something must be reachable from the internet',
      );
    }
    subnetConfiguration = props.subnetConfiguration.map((c) =>
      c.subnetType === ec2.SubnetType.PUBLIC ? { ...c, mapPublicIpOnLaunch: c.mapPublicIpOnLaunch ?? false } : c,
    );
  } else if (!allowPublic) {
    subnetConfiguration = [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }];
  } else {
    subnetConfiguration = [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      natGateways > 0
        ? { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }
        : { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ];
  }

  const destination =
    props.flowLogDestinationType ?? (props.flowLogBucket ? ec2.FlowLogDestinationType.S3 : ec2.FlowLogDestinationType.CLOUD_WATCH_LOGS);
  if (destination === ec2.FlowLogDestinationType.KINESIS_DATA_FIREHOSE) {
    fail(
      `flowLogDestinationType: ${destination} is not supported by HardenedVpc. ` +
        'Fix: use CLOUD_WATCH_LOGS (the default) or S3, or add a Firehose flow log yourself with vpc.addFlowLog(...)',
    );
  }
  if (props.flowLogBucket && destination !== ec2.FlowLogDestinationType.S3) {
    fail(`flowLogBucket is set but flowLogDestinationType is ${destination}. Fix: set flowLogDestinationType: S3, or remove flowLogBucket`);
  }
  if (props.flowLogBucket && props.flowLogRetention !== undefined) {
    fail(
      'flowLogRetention applies to the bucket this construct creates, not to flowLogBucket. ' +
        'Fix: remove flowLogRetention and give flowLogBucket its own lifecycle rule (bucket.addLifecycleRule({ expiration }))',
    );
  }
  if (destination === ec2.FlowLogDestinationType.CLOUD_WATCH_LOGS && props.flowLogRetention === logs.RetentionDays.INFINITE) {
    fail(
      'flowLogRetention: INFINITE keeps flow logs forever: log groups must have a retention period (Hardened-LOG6). ' +
        'Fix: choose a finite retention such as logs.RetentionDays.ONE_YEAR or TEN_YEARS, or deliver the flow logs to S3',
    );
  }
  return { natGateways, subnetConfiguration, flowLogDestination: destination };
}
