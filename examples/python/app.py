"""The Python twin of examples/app.ts: a compliant stack of hardened constructs and an
insecure stack of plain aws-cdk-lib constructs, with the checklist applied as an aspect."""
import os

from aws_cdk import App, Aspects, Environment, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from cdk_hardened import (
    HardenedFunction,
    HardenedVpc,
    LockedDownSecurityGroup,
    SecureBucket,
    SecureParameter,
    SecureTrail,
    SecurityChecklist,
)
from constructs import Construct

ENV = Environment(account="123456789012", region="us-east-1")
HANDLER_DIR = os.path.join(os.path.dirname(__file__), "..", "lambda")


class CompliantStack(Stack):
    """Built from the hardened constructs: zero findings."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id, env=ENV)
        SecureTrail(self, "Trail")

        vpc = HardenedVpc(self, "Vpc", max_azs=2)
        endpoint_group = LockedDownSecurityGroup(self, "SsmEndpointGroup", vpc=vpc, description="SSM interface endpoint")
        vpc.add_interface_endpoint(
            "Ssm", service=ec2.InterfaceVpcEndpointAwsService.SSM, security_groups=[endpoint_group], open=False
        )

        password = SecureParameter(self, "DbPassword", parameter_name="/orders/db/password")
        reports = SecureBucket(self, "Reports")
        fn = HardenedFunction(
            self,
            "Reader",
            code=lambda_.Code.from_asset(HANDLER_DIR),
            handler="handler.handler",
            runtime=lambda_.Runtime.PYTHON_3_14,
            tracing=lambda_.Tracing.ACTIVE,
            vpc=vpc,
        )
        fn.read_secure_parameter(password, "DB_PASSWORD_PARAM")
        fn.read_bucket_objects(reports)
        fn.add_environment("REPORTS_BUCKET", reports.bucket_name)
        fn.connections.allow_to(ec2.Peer.ipv4(vpc.vpc_cidr_block), ec2.Port.tcp(443), "HTTPS to the VPC endpoints")
        endpoint_group.allow_https_from(fn.connections.security_groups[0], "Parameter Store for the reader function")

        # aws-cdk-lib chooses the runtime of its own provider for the VPC's default security
        # group; it is acknowledged with a reason and an expiry, so it is revisited.
        SecurityChecklist.acknowledge(
            self.node.find_child("Custom::VpcRestrictDefaultSGCustomResourceProvider"),
            "LMB1",
            reason="CDK-internal provider whose runtime aws-cdk-lib chooses; upgrading aws-cdk-lib moves it",
            expires="2027-04-30",
        )


class InsecureStack(Stack):
    """Written with plain constructs and the usual shortcuts: the checklist fails it."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id, env=ENV)
        vpc = ec2.Vpc(self, "Vpc", restrict_default_security_group=False)
        ssh = ec2.SecurityGroup(self, "Ssh", vpc=vpc)
        ssh.add_ingress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(22), "SSH from anywhere")

        reports = s3.Bucket(self, "Reports")
        fn = lambda_.Function(
            self,
            "Reader",
            code=lambda_.Code.from_asset(HANDLER_DIR),
            handler="handler.handler",
            runtime=lambda_.Runtime.PYTHON_3_8,
            environment={"REPORTS_BUCKET": reports.bucket_name, "DB_PASSWORD": "correct-horse-battery-staple"},
        )
        fn.add_to_role_policy(iam.PolicyStatement(actions=["s3:*"], resources=["*"]))


def build_app(outdir: str, report_file: str) -> App:
    app = App(outdir=outdir, context={"aws:cdk:enable-path-metadata": True})
    CompliantStack(app, "Compliant")
    InsecureStack(app, "Insecure")
    Aspects.of(app).add(SecurityChecklist(report_file=report_file))
    return app


if __name__ == "__main__":
    build_app("cdk.out", "hardened-report.json").synth()
