"""Example Lambda function for cdk-hardened's HardenedFunction.

It reads a database password from a SecureParameter and one object from S3.
Only *names* reach the function through its environment, never the secret:

- DB_PASSWORD_PARAM: the name of the SecureString parameter holding the password
  (set by ``fn.readSecureParameter(param, "DB_PASSWORD_PARAM")``);
- REPORTS_BUCKET: the bucket to read from (set by ``fn.add_environment``);
- REPORT_KEY: the key of the object to read (optional).

The role allows exactly this: ssm:GetParameter on that parameter, kms:Decrypt on
its key through Parameter Store, and s3:GetObject on the bucket's objects.
"""

import json
import os

import boto3

# Clients are created once per execution environment and reused across invocations.
_ssm = boto3.client("ssm")
_s3 = boto3.client("s3")

# The password is cached for the life of the execution environment: one
# GetParameter call per cold start, not per request.
_password = None


def _database_password() -> str:
    global _password
    if _password is None:
        response = _ssm.get_parameter(Name=os.environ["DB_PASSWORD_PARAM"], WithDecryption=True)
        _password = response["Parameter"]["Value"]
    return _password


def _read_report(key: str) -> bytes:
    response = _s3.get_object(Bucket=os.environ["REPORTS_BUCKET"], Key=key)
    return response["Body"].read()


def handler(event, context):
    password = _database_password()
    key = (event or {}).get("key") or os.environ.get("REPORT_KEY", "reports/latest.json")
    report = _read_report(key)

    # Use the password (for example to connect to the database); never log or return it.
    connected = bool(password)

    return {
        "statusCode": 200,
        "body": json.dumps({"key": key, "bytes": len(report), "databaseConfigured": connected}),
    }
