"""A local stand-in for the AWS APIs the collection calls, built on moto.

moto serves IAM, STS, SSO Admin, Identity Store and Organizations; this package adds an AWS Proton
backend, server-side request validation against botocore's models, IAM checks moto leaves out,
missing IAM Identity Center operations, fault injection and a call log. See ../README.md.
"""
