"""Costs cut from every turn of the Rasa server (measured with cProfile on real turns; see
docs/deploy.md, "Where a turn's time goes").

- Rasa validates every action-server response with `jsonschema.validate(result, schema)`, which
  first checks the *schema itself* against the JSON-Schema meta-schema and builds a new
  validator each time: with the response schema of Rasa 3.6 that was the largest single cost of
  a turn, larger than the NLU. Here the validator is built once per process; the response is
  checked exactly as before (same schema, same ValidationError with Rasa's message).
"""

import functools


@functools.lru_cache(maxsize=1)
def _response_validator():
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once
    return cls(schema)


def install() -> None:
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    if getattr(RemoteAction._validate_action_result, "_shebao_fast", False):
        return

    def _validate_action_result(self, result) -> bool:
        try:
            _response_validator().validate(result)
            return True
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your response "
                "from the Action endpoint is valid. For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise error

    _validate_action_result._shebao_fast = True
    RemoteAction._validate_action_result = _validate_action_result
