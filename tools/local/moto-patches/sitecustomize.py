"""Loaded by the local AWS API's Python (PYTHONPATH, tools/local/aws-server.ts) before moto.

Two mends, each for a gap in docs/local-aws-gaps.md; neither changes what real AWS gets.

1. moto 5.2.1 counts a condition it cannot evaluate (an operator other than the few it knows, or a
key the request does not carry) as holding (moto/iam/policy_conditions.py, verify_condition).
S3 evaluates a bucket's policy on every object call, so the TLS-only statement (Deny,
"Bool": {"aws:SecureTransport": "false"}) denies every GetObject and PutObject with an empty 403,
to every caller (docs/local-aws-gaps.md). Here a Deny statement applies only when each of its
conditions holds, as in IAM: `aws:SecureTransport` is "true" (what the SDK and Lambda use on
AWS), `Bool` is compared as IAM compares it, and a condition on a key the request does not carry
does not hold. Allow statements and unconditional Denies are left as moto evaluates them.

2. moto 5.2.1's CreateStream drops its `Tags` parameter (ListTagsForStream then answers none, and
every plan after a create wants to add them). Here the tags are stored as AddTagsToStream stores them.
"""

try:
    from moto.iam.access_control import IAMPolicyStatement, PermissionResult
except ImportError:  # another Python program, or moto not installed here
    pass
else:
    _is_action_permitted = IAMPolicyStatement.is_action_permitted
    _CONTEXT = {"aws:SecureTransport": "true"}

    def _holds(operator, key, expected, context):
        if operator.endswith("IfExists") or operator == "Null":
            return None  # moto's answer stands
        if key not in context:
            return False
        if operator == "Bool":
            values = expected if isinstance(expected, list) else [expected]
            return str(context[key]).lower() in [str(v).lower() for v in values]
        return None

    def _deny_applies(statement, incoming_condition_values):
        context = {**_CONTEXT, **(incoming_condition_values or {})}
        for operator, pairs in statement.get("Condition", {}).items():
            for key, expected in pairs.items():
                if _holds(operator, key, expected, context) is False:
                    return False
        return True

    def _is_action_permitted_with_conditions(self, action, resource="*", principal=None, incoming_condition_values=None):
        result = _is_action_permitted(self, action, resource, principal, incoming_condition_values)
        statement = self._statement
        if result == PermissionResult.DENIED and statement.get("Effect") == "Deny" and statement.get("Condition") and not _deny_applies(statement, incoming_condition_values):
            return PermissionResult.NEUTRAL
        return result

    IAMPolicyStatement.is_action_permitted = _is_action_permitted_with_conditions

try:
    from moto.kinesis.responses import KinesisResponse
except ImportError:
    pass
else:
    _create_stream = KinesisResponse.create_stream

    def _create_stream_with_tags(self):
        result = _create_stream(self)
        tags = self._get_param("Tags")
        if tags:
            self.kinesis_backend.add_tags_to_stream(None, self._get_param("StreamName"), tags)
        return result

    KinesisResponse.create_stream = _create_stream_with_tags
