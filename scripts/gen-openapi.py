"""Writes the OpenAPI 3.1 document served at /openapi.json.

Edit this file, then run: python3 scripts/gen-openapi.py Sources/StewardServer/Resources/static/openapi.json
A Swift test holds the document to the router's routes.
"""

import json

def ref(kind, name):
    return {"$ref": f"#/components/{kind}/{name}"}

S = lambda n: ref("schemas", n)
R = lambda n: ref("responses", n)
P = lambda n: ref("parameters", n)
H = lambda n: ref("headers", n)

JSON = "application/json"
PROBLEM = "application/problem+json"
HTML = "text/html"
FORM = "application/x-www-form-urlencoded"

BEARER = [{"bearer": []}]
SESSION = [{"session": []}]
OPTIONAL_SESSION = [{}, {"session": []}]

def json_body(schema, description=None):
    body = {"required": True, "content": {JSON: {"schema": schema}}}
    if description:
        body["description"] = description
    return body

def form_body(schema):
    return {"required": True, "content": {FORM: {"schema": schema}}}

def ok(description, schema, status_headers=None):
    r = {"description": description, "content": {JSON: {"schema": schema}}}
    if status_headers:
        r["headers"] = status_headers
    return r

def errors(*codes):
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict",
             412: "PreconditionFailed", 413: "ContentTooLarge", 415: "UnsupportedMediaType", 429: "TooManyRequests",
             503: "IndexUnavailable"}
    return {str(c): R(names[c]) for c in codes}

def html_errors(*codes):
    names = {400: "ConsoleFormInvalid", 403: "ConsoleForbidden", 404: "ConsoleNotFound", 409: "ConsoleConflict",
             410: "ConsoleGone", 413: "ConsoleContentTooLarge"}
    return {str(c): R(names[c]) for c in codes}

def op(op_id, summary, tags, security, responses, description=None, parameters=None, body=None):
    o = {"operationId": op_id, "summary": summary, "tags": tags}
    if description:
        o["description"] = description
    o["security"] = security
    if parameters:
        o["parameters"] = parameters
    if body:
        o["requestBody"] = body
        # Every JSON body must be sent as JSON.
        if JSON in body.get("content", {}) and "415" not in responses:
            responses = {**responses, "415": R("UnsupportedMediaType")}
    o["responses"] = responses
    return o

timestamp = {"type": "string", "format": "date-time", "description": "RFC 3339 UTC time, e.g. `2026-11-23T08:00:00Z`."}
name_schema = {"type": "string", "minLength": 1, "maxLength": 200,
               "description": "A display name: trimmed, 1–200 characters, no control characters."}

schemas = {
    "Id": {"type": "string", "minLength": 1, "maxLength": 64, "description": "An opaque identifier."},
    "Timestamp": timestamp,
    "OrgKind": {"type": "string", "enum": ["vendor", "partner", "customer"]},
    "PartnerProgram": {"type": "string", "enum": ["distributor", "reseller", "mssp", "mdr", "msp"],
                       "description": "A partner's programme; only `mssp`, `mdr` and `msp` may hold managed relationships."},
    "Region": {"type": "string", "enum": ["us", "eu", "uk", "ca", "au", "ap"],
               "description": "A data-storage region. These are the default regions; an installation may configure others (`STEWARD_REGIONS`)."},
    "HomeRole": {"type": "string", "enum": ["admin", "member"]},
    "UserStatus": {"type": "string", "enum": ["active", "deactivated"]},
    "Permission": {"type": "string", "enum": ["read", "write", "admin"]},
    "Name": name_schema,
    "ProductKey": {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,63}$", "minLength": 1, "maxLength": 64,
                   "description": "1–64 characters of a–z, 0–9, `-` or `_`, starting with a letter."},
    "Email": {"type": "string", "format": "email", "maxLength": 254},
    "TimeZone": {"type": "string", "maxLength": 64, "description": "An IANA time zone name, e.g. `Europe/Berlin`.",
                 "examples": ["UTC", "Europe/Berlin"]},
    "Password": {"type": "string", "minLength": 12, "maxLength": 1024, "writeOnly": True,
                 "description": "12 characters or more, at most 1,024 bytes; not common, not a short unit repeated, not containing the email. Changed only from a signed-in session."},
    "Address": {
        "type": "object",
        "description": "A postal address.",
        "required": ["line1", "city", "postal_code", "country"],
        "properties": {
            "line1": {"type": "string", "minLength": 1, "maxLength": 200},
            "line2": {"type": "string", "maxLength": 200},
            "city": {"type": "string", "minLength": 1, "maxLength": 100},
            "region": {"type": "string", "maxLength": 100, "description": "State, province or county."},
            "postal_code": {"type": "string", "minLength": 1, "maxLength": 20},
            "country": {"type": "string", "pattern": "^[A-Za-z]{2}$",
                        "description": "ISO 3166-1 alpha-2 code; stored upper-case."},
        },
    },
    "Org": {
        "type": "object",
        "description": "An organisation: the vendor, a partner or a customer. Absent optional fields are omitted.",
        "required": ["id", "kind", "name", "version", "created_at", "updated_at"],
        "properties": {
            "id": S("Id"),
            "kind": S("OrgKind"),
            "name": S("Name"),
            "program": {"$ref": "#/components/schemas/PartnerProgram", "description": "Partners only."},
            "parent_id": {"$ref": "#/components/schemas/Id", "description": "The org above this one in the sales tree."},
            "region": {"$ref": "#/components/schemas/Region", "description": "Customers only."},
            "address": S("Address"),
            "version": {"type": "integer", "minimum": 1, "description": "Also returned as the `ETag`."},
            "created_at": S("Timestamp"),
            "updated_at": S("Timestamp"),
        },
    },
    "OrgOutline": {
        "type": "object",
        "description": "What a partner sees of an org below it in the sales tree: names and kinds only.",
        "required": ["id", "kind", "name", "program", "parent_id"],
        "additionalProperties": False,
        "properties": {
            "id": S("Id"),
            "kind": S("OrgKind"),
            "name": S("Name"),
            "program": {"oneOf": [S("PartnerProgram"), {"type": "null"}]},
            "parent_id": {"oneOf": [S("Id"), {"type": "null"}]},
        },
    },
    "OrgView": {
        "description": "An org in full, or only its outline when a partner looks at an org below it.",
        "oneOf": [S("Org"), S("OrgOutline")],
    },
    "OrgTreeNode": {
        "description": "An org and, nested in `children`, the orgs below it. Operators see every node in full; "
                       "others see their own org in full and everything below it as outlines.",
        "oneOf": [S("OrgTreeNodeFull"), S("OrgTreeNodeOutline")],
    },
    "OrgTreeNodeFull": {
        "allOf": [
            S("Org"),
            {
                "type": "object",
                "required": ["children"],
                "properties": {"children": {"type": "array", "items": S("OrgTreeNode")}},
            },
        ],
    },
    "OrgTreeNodeOutline": {
        "type": "object",
        "required": ["id", "kind", "name", "program", "parent_id", "children"],
        "additionalProperties": False,
        "properties": {
            "id": S("Id"),
            "kind": S("OrgKind"),
            "name": S("Name"),
            "program": {"oneOf": [S("PartnerProgram"), {"type": "null"}]},
            "parent_id": {"oneOf": [S("Id"), {"type": "null"}]},
            "children": {"type": "array", "items": S("OrgTreeNode")},
        },
    },
    "User": {
        "type": "object",
        "description": "A person with exactly one home org.",
        "required": ["id", "org_id", "email", "name", "role", "time_zone", "status", "version", "created_at", "updated_at"],
        "properties": {
            "id": S("Id"),
            "org_id": S("Id"),
            "email": S("Email"),
            "name": S("Name"),
            "role": S("HomeRole"),
            "time_zone": S("TimeZone"),
            "status": S("UserStatus"),
            "version": {"type": "integer", "minimum": 1, "description": "Also returned as the `ETag`."},
            "created_at": S("Timestamp"),
            "updated_at": S("Timestamp"),
        },
    },
    "ProductRole": {
        "type": "object",
        "required": ["key", "permissions"],
        "properties": {
            "key": S("ProductKey"),
            "permissions": {"type": "array", "items": S("Permission"), "minItems": 1, "uniqueItems": True},
        },
    },
    "Product": {
        "type": "object",
        "required": ["key", "name", "roles"],
        "properties": {
            "key": S("ProductKey"),
            "name": S("Name"),
            "roles": {"type": "array", "items": S("ProductRole")},
        },
    },
    "OrgList": {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": S("OrgView")}, "next_cursor": S("NextCursor")},
    },
    "UserList": {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": S("User")}, "next_cursor": S("NextCursor")},
    },
    "ProductList": {
        "type": "object",
        "description": "The whole catalog; never paged.",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": S("Product")}},
    },
    "NextCursor": {
        "type": ["string", "null"],
        "description": "Pass as `?cursor=` for the next page; null on the last page.",
    },
    "LoginRequest": {
        "type": "object",
        "additionalProperties": False,
        "required": ["email", "password"],
        "properties": {
            "email": {"type": "string", "maxLength": 320},
            "password": {"type": "string", "maxLength": 1024, "writeOnly": True},
            "totp": {"type": "string", "maxLength": 64,
                     "description": "The 6-digit TOTP code, or an unused recovery code; required once TOTP is enrolled."},
        },
    },
    "LoginResult": {
        "type": "object",
        "required": ["token", "expires_at", "user"],
        "properties": {
            "token": {"type": "string", "description": "The session token for `Authorization: Bearer`."},
            "expires_at": S("Timestamp"),
            "user": S("User"),
            "mfa_enrolment_required": {"type": "boolean", "const": True,
                                       "description": "Present when `STEWARD_REQUIRE_MFA` covers the user and TOTP is not enrolled: "
                                                      "the token reaches only `GET /v1/me`, `/v1/me/mfa/*` and sign-out until it is."},
        },
    },
    "MfaEnrolment": {
        "type": "object",
        "required": ["secret", "otpauth_url"],
        "properties": {
            "secret": {"type": "string", "description": "The shared secret in base32, for an authenticator app."},
            "otpauth_url": {"type": "string", "description": "The same as an `otpauth://totp/…` URL (SHA-1, 6 digits, 30 s)."},
        },
    },
    "MfaCode": {
        "type": "object",
        "additionalProperties": False,
        "required": ["code"],
        "properties": {"code": {"type": "string", "maxLength": 64, "description": "A current 6-digit code (or, to disable, an unused recovery code)."}},
    },
    "MfaRecoveryCodes": {
        "type": "object",
        "required": ["recovery_codes"],
        "properties": {"recovery_codes": {"type": "array", "items": {"type": "string"}, "minItems": 10, "maxItems": 10,
                                          "description": "Ten one-time codes, shown only now."}},
    },
    "Me": {
        "type": "object",
        "required": ["user", "org"],
        "properties": {"user": S("User"), "org": S("Org")},
    },
    "OrgCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "name"],
        "properties": {
            "kind": {"type": "string", "enum": ["partner", "customer"]},
            "name": S("Name"),
            "program": {"$ref": "#/components/schemas/PartnerProgram", "description": "Required for partners; not allowed for customers."},
            "parent_id": {"$ref": "#/components/schemas/Id", "description": "A vendor or partner org; customers cannot have orgs below them."},
            "region": {"$ref": "#/components/schemas/Region", "description": "Customers only; defaults to the first configured region."},
            "address": S("Address"),
        },
    },
    "OrgPatch": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "name": S("Name"),
            "address": {"description": "An address replaces the current one; `null` clears it; absent leaves it alone.",
                        "oneOf": [S("Address"), {"type": "null"}]},
        },
    },
    "UserCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["email", "name", "role"],
        "properties": {
            "email": S("Email"),
            "name": S("Name"),
            "role": S("HomeRole"),
            "time_zone": {"$ref": "#/components/schemas/TimeZone", "description": "Defaults to `UTC`."},
            "password": {"$ref": "#/components/schemas/Password", "description": "The initial password; without one the user cannot sign in until a password is set."},
        },
    },
    "UserPatch": {
        "type": "object",
        "additionalProperties": False,
        "description": "Members may change their own name, time zone and password; nobody changes their own role.",
        "properties": {
            "email": S("Email"),
            "name": S("Name"),
            "role": S("HomeRole"),
            "time_zone": S("TimeZone"),
            "password": S("Password"),
        },
    },
    "ProductCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["key", "name"],
        "properties": {
            "key": S("ProductKey"),
            "name": S("Name"),
            "roles": {
                "type": "array", "minItems": 1, "maxItems": 20, "items": S("ProductRole"),
                "description": "Distinct role keys. Defaults to `viewer` {read}, `analyst` {read, write} and `admin` {read, write, admin}.",
            },
        },
    },
    "Status": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string"}},
    },
    "FieldError": {
        "type": "object",
        "required": ["field", "message"],
        "properties": {
            "field": {"type": "string", "description": "The field's path: names joined by dots, array indexes in brackets (`address.country`, `roles[0].key`)."},
            "message": {"type": "string"},
        },
    },
    "BulkItemError": {
        "type": "object",
        "required": ["index", "detail"],
        "properties": {"index": {"type": "integer", "minimum": 0}, "detail": {"type": "string"}},
    },
    "Problem": {
        "type": "object",
        "description": "An RFC 9457 problem document.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string", "examples": ["about:blank", "urn:steward:problem:index_unavailable"]},
            "code": {"type": "string", "description": "A name for refusals a client acts on, e.g. `index_unavailable`."},
            "mfa_required": {"type": "boolean", "description": "Sign-in: the password was right; send the TOTP code as `totp`."},
            "title": {"type": "string", "examples": ["Bad Request"]},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": S("FieldError"), "description": "Validation errors, one per field."},
            "items": {"type": "array", "items": S("BulkItemError"), "description": "Failing items of a bulk request."},
        },
    },
    "LoginForm": {
        "type": "object",
        "required": ["csrf", "email", "password"],
        "properties": {
            "csrf": {"type": "string", "description": "The form's value for the signed pre-session in the `steward_login_csrf` cookie set by `GET /login`."},
            "totp": {"type": "string", "maxLength": 64, "description": "The TOTP code or a recovery code, once TOTP is enrolled."},
            "email": {"type": "string", "maxLength": 320},
            "password": {"type": "string", "maxLength": 1024, "writeOnly": True},
            "next": S("NextPath"),
        },
    },
    "CodeForm": {
        "type": "object",
        "required": ["csrf", "code"],
        "properties": {"csrf": {"type": "string"}, "code": {"type": "string", "maxLength": 64}},
    },
    "CsrfForm": {
        "type": "object",
        "required": ["csrf"],
        "properties": {"csrf": {"type": "string", "description": "The session's CSRF token, carried by every console form."}},
    },
    "OrgForm": {
        "type": "object",
        "required": ["csrf", "kind", "name"],
        "properties": {
            "csrf": {"type": "string", "description": "The session's CSRF token."},
            "name": S("Name"),
            "kind": {"type": "string", "enum": ["partner", "customer"]},
            "program": {"description": "Required for partners; ignored for customers.",
                        "anyOf": [S("PartnerProgram"), {"const": ""}]},
            "region": {"description": "Customers only; ignored for partners. Blank means the first configured region.",
                       "anyOf": [S("Region"), {"const": ""}]},
            "parent_id": {"type": "string", "description": "Blank for a top-level org."},
        },
    },
    "UserForm": {
        "type": "object",
        "required": ["csrf", "name", "email", "role"],
        "properties": {
            "csrf": {"type": "string", "description": "The session's CSRF token."},
            "name": S("Name"),
            "email": S("Email"),
            "role": S("HomeRole"),
            "time_zone": {"type": "string", "description": "An IANA time zone name; blank means `UTC`."},
            "password": {"type": "string", "writeOnly": True, "description": "Optional initial password, 12–128 characters."},
        },
    },
    "TenantForm": {
        "type": "object",
        "required": ["csrf", "tenant_id"],
        "properties": {
            "csrf": {"type": "string", "description": "The session's CSRF token."},
            "tenant_id": {"type": "string", "description": "An org the user holds an active membership in."},
        },
    },
    "NextPath": {
        "type": "string", "maxLength": 300,
        "description": "Where to go after signing in: a local path (`/approve/…`). Anything else — another site, "
                       "`//host`, a backslash, whitespace — is ignored in favour of `/console`.",
        "examples": ["/approve/3q2-7wERTy_uiop1234567"],
    },
    "RelationshipStatus": {
        "type": "string", "enum": ["pending", "active", "rejected", "expired", "revoked", "terminated"],
        "description": "`pending` and `active` are open: at most one open relationship per partner–customer pair. "
                       "A pending request whose approval window has passed reads as `expired` at once.",
    },
    "Privilege": {
        "type": "string", "enum": ["support", "manage"],
        "description": "The customer's ceiling on every partner user: `support` is read-only, `manage` is full.",
    },
    "Relationship": {
        "type": "object",
        "description": "A managed-service partner managing a customer, with the customer's consent. Every field is always present.",
        "required": ["id", "partner_id", "customer_id", "status", "privilege", "requested_at", "approval_expires_at",
                     "decided_at", "ended_at", "version", "created_by", "updated_at"],
        "properties": {
            "id": S("Id"),
            "partner_id": S("Id"),
            "customer_id": S("Id"),
            "status": S("RelationshipStatus"),
            "privilege": {"description": "Null until approved.", "oneOf": [S("Privilege"), {"type": "null"}]},
            "requested_at": S("Timestamp"),
            "approval_expires_at": {"$ref": "#/components/schemas/Timestamp",
                                    "description": "When a pending request lapses unanswered."},
            "decided_at": {"description": "When it was approved or rejected.", "oneOf": [S("Timestamp"), {"type": "null"}]},
            "ended_at": {"description": "When it was revoked, terminated or recorded as expired.",
                         "oneOf": [S("Timestamp"), {"type": "null"}]},
            "version": {"type": "integer", "minimum": 1, "description": "Also returned as the `ETag`."},
            "created_by": {"description": "The operator who opened it.", "oneOf": [S("Id"), {"type": "null"}]},
            "updated_at": S("Timestamp"),
        },
    },
    "RelationshipList": {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": S("Relationship")}, "next_cursor": S("NextCursor")},
    },
    "RelationshipCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["partner_id", "customer_id"],
        "properties": {
            "partner_id": {"$ref": "#/components/schemas/Id", "description": "A partner whose programme is `mssp`, `mdr` or `msp`."},
            "customer_id": {"$ref": "#/components/schemas/Id", "description": "A customer org."},
        },
    },
    "RelationshipApprove": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "privilege": {"$ref": "#/components/schemas/Privilege", "description": "Defaults to `support`."},
        },
    },
    "RelationshipPatch": {
        "type": "object",
        "additionalProperties": False,
        "required": ["privilege"],
        "properties": {"privilege": S("Privilege")},
    },
    "NotificationSettings": {
        "type": "object",
        "description": "Which access notifications a customer gets, and where. A customer that never chose has both on and no recipients.",
        "additionalProperties": False,
        "required": ["on_access_granted", "on_access_removed", "recipients"],
        "properties": {
            "on_access_granted": {"type": "boolean", "description": "Email when external access is granted."},
            "on_access_removed": {"type": "boolean", "description": "Email when external access is removed or expires."},
            "recipients": {"type": "array", "maxItems": 50, "items": S("Email"),
                           "description": "At most 50 addresses, duplicates dropped; empty means every admin of the customer."},
        },
    },
    "AuditEvent": {
        "type": "object",
        "description": "One entry of the append-only, hash-chained audit trail. Absent optional fields are omitted.",
        "required": ["seq", "id", "at", "action", "target_type", "target_id", "prev_hash", "hash"],
        "properties": {
            "seq": {"type": "integer", "minimum": 1, "description": "The event's place in the trail."},
            "id": S("Id"),
            "at": S("Timestamp"),
            "actor_user_id": {"$ref": "#/components/schemas/Id", "description": "Absent for the system."},
            "actor_org_id": {"$ref": "#/components/schemas/Id", "description": "The actor's home org; absent for the system."},
            "tenant_id": {"$ref": "#/components/schemas/Id", "description": "The org the event happened in."},
            "action": {"type": "string", "examples": ["relationship.approved", "org.created"]},
            "target_type": {"type": "string", "examples": ["relationship", "org", "user"]},
            "target_id": {"type": "string"},
            "before": {"description": "The target before the change, as JSON (any value, `null` included); absent when there is none."},
            "after": {"description": "The target after the change, as JSON (any value, `null` included); absent when there is none."},
            "prev_hash": {"type": "string", "description": "The previous event's `hash`."},
            "hash": {"type": "string", "description": "This event's hash, chaining it to `prev_hash`."},
            "related_org_id": {"$ref": "#/components/schemas/Id",
                               "description": "The other org the event concerns (a relationship's partner), so both sides see it."},
        },
    },
    "AuditEventList": {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": S("AuditEvent")}, "next_cursor": S("NextCursor")},
    },
    "RelationshipLinkForm": {
        "type": "object",
        "required": ["csrf", "partner_id", "customer_id"],
        "properties": {
            "csrf": {"type": "string", "description": "The session's CSRF token."},
            "partner_id": {"type": "string", "description": "A partner whose programme is `mssp`, `mdr` or `msp`."},
            "customer_id": {"type": "string", "description": "A customer org."},
        },
    },
    "ApprovePrivilegeForm": {
        "type": "object",
        "required": ["csrf"],
        "properties": {
            "csrf": {"type": "string", "description": "The session's CSRF token."},
            "privilege": {"type": "string", "examples": ["support", "manage"],
                          "description": "`support` or `manage`; anything else, or none, gives `support`."},
        },
    },
    "PrivilegeForm": {
        "type": "object",
        "required": ["csrf", "privilege"],
        "properties": {
            "csrf": {"type": "string", "description": "The session's CSRF token."},
            "privilege": S("Privilege"),
        },
    },
    "NotificationSettingsForm": {
        "type": "object",
        "required": ["csrf"],
        "properties": {
            "csrf": {"type": "string", "description": "The session's CSRF token."},
            "on_access_granted": {"type": "string", "description": "A checkbox: present (any value) means on, absent means off."},
            "on_access_removed": {"type": "string", "description": "A checkbox: present (any value) means on, absent means off."},
            "recipients": {"type": "string",
                           "description": "Email addresses separated by newlines or commas; at most 50; blank means every admin of the customer."},
        },
    },
    "ApprovalLinkForm": {
        "type": "object",
        "required": ["csrf", "decision"],
        "properties": {
            "csrf": {"type": "string", "description": "The session's CSRF token."},
            "decision": {"type": "string", "enum": ["approve", "reject"]},
            "privilege": {"type": "string", "examples": ["support", "manage"],
                          "description": "With `approve`: `support` or `manage`; anything else, or none, gives `support`."},
        },
    },
}

# --- access: memberships, licences, decisions, tenants, API tokens
nullable = lambda schema, description=None: {**({"description": description} if description else {}), "oneOf": [schema, {"type": "null"}]}
positive_hours = {"type": "number", "exclusiveMinimum": 0, "maximum": 87600,
                  "description": "Instead of `expires_at`: the membership expires this many hours from now (e.g. 24 or 48; "
                                 "at most ten years). Giving both is a 400."}

schemas.update({
    "Revision": {"type": "string", "pattern": "^[0-9]+$",
                 "description": "The access revision a write produced, as a string. Pass it as `at_least_revision` to a check "
                                "so the decision is never older than the write.",
                 "examples": ["42"]},
    "MembershipSource": {"type": "string", "enum": ["home", "partner", "team"],
                         "description": "`home`: the user's own org; `partner`: a managed-service partner's user on a customer, "
                                        "within an active relationship; `team`: a user added to a customer's team by its admins."},
    "MembershipStatus": {"type": "string", "enum": ["active", "expired", "ended"],
                         "description": "`expired` once `expires_at` has passed (renewed by a new expiry); `ended` when the user "
                                        "was deactivated or the relationship ended. Only `active` ones grant access."},
    "ProductGrant": {
        "type": "object",
        "description": "A role held on one product inside a tenant.",
        "required": ["product", "role"],
        "properties": {
            "product": S("ProductKey"),
            "role": {"type": "string", "minLength": 1, "maxLength": 64, "description": "A role key of that product, e.g. `analyst`."},
        },
    },
    "ProductGrantInput": {
        "type": "object",
        "additionalProperties": False,
        "required": ["product", "role"],
        "properties": {
            "product": {"type": "string", "description": "A product of the catalog, licensed to the tenant."},
            "role": {"type": "string", "description": "One of that product's role keys."},
        },
    },
    "Membership": {
        "type": "object",
        "description": "\"User U may enter tenant T\", with the platform-admin flag, an optional expiry and product roles. "
                       "`relationship_id`, `expires_at`, `last_access_at` and `created_by` are omitted (or null) when they have no value.",
        "required": ["id", "user_id", "tenant_id", "source", "platform_admin", "products", "status", "version",
                     "created_at", "updated_at"],
        "properties": {
            "id": S("Id"),
            "user_id": S("Id"),
            "tenant_id": {"$ref": "#/components/schemas/Id", "description": "The org the membership lets the user into."},
            "source": S("MembershipSource"),
            "relationship_id": nullable(S("Id"), "For `partner` memberships: the relationship it lives within."),
            "platform_admin": {"type": "boolean", "description": "Administers the tenant itself (its users and access)."},
            "expires_at": nullable(S("Timestamp"), "When access lapses; none means permanent."),
            "products": {"type": "array", "items": S("ProductGrant")},
            "last_access_at": nullable(S("Timestamp"), "When a tenant session was last opened with it."),
            "status": S("MembershipStatus"),
            "version": {"type": "integer", "minimum": 1, "description": "Also returned as the `ETag`."},
            "created_by": nullable(S("Id"), "The user who created it; none when the system did."),
            "created_at": S("Timestamp"),
            "updated_at": S("Timestamp"),
        },
    },
    "RevisedRelationship": {
        "description": "A relationship and the revision its change produced.",
        "allOf": [S("Relationship"), {"type": "object", "required": ["revision"], "properties": {"revision": S("Revision")}}],
    },
    "RevisedUser": {
        "description": "A user and the revision the change produced.",
        "allOf": [S("User"), {"type": "object", "required": ["revision"], "properties": {"revision": S("Revision")}}],
    },
    "RevisedLicense": {
        "description": "A new licence and the revision it produced.",
        "allOf": [S("License"), {"type": "object", "required": ["revision"], "properties": {"revision": S("Revision")}}],
    },
    "RevisedMembership": {
        "description": "A membership and the revision its write produced.",
        "allOf": [S("Membership"), {"type": "object", "required": ["revision"], "properties": {"revision": S("Revision")}}],
    },
    "MembershipList": {
        "type": "object",
        "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": S("Membership")}, "next_cursor": S("NextCursor")},
    },
    "MembershipCreateItem": {
        "type": "object",
        "additionalProperties": False,
        "required": ["user_id", "tenant_id", "platform_admin", "products"],
        "properties": {
            "user_id": S("Id"),
            "tenant_id": S("Id"),
            "platform_admin": {"type": "boolean"},
            "expires_at": {"$ref": "#/components/schemas/Timestamp", "description": "Absent (and no `duration_hours`): permanent."},
            "duration_hours": positive_hours,
            "products": {"type": "array", "items": S("ProductGrantInput")},
        },
    },
    "MembershipCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["items"],
        "properties": {"items": {"type": "array", "minItems": 1, "maxItems": 500, "items": S("MembershipCreateItem")}},
    },
    "MembershipsCreated": {
        "type": "object",
        "required": ["items", "revision"],
        "properties": {"items": {"type": "array", "items": S("Membership")}, "revision": S("Revision")},
    },
    "MembershipEdit": {
        "type": "object",
        "additionalProperties": False,
        "description": "Absent fields stay as they are.",
        "properties": {
            "platform_admin": {"type": "boolean"},
            "expires_at": nullable(S("Timestamp"), "A new expiry (renewing an expired membership); `null` makes it permanent."),
            "duration_hours": positive_hours,
            "products": {"type": "array", "items": S("ProductGrantInput"), "description": "Replaces every product role."},
        },
    },
    "FieldChange": {
        "type": "object",
        "required": ["field", "from", "to"],
        "properties": {
            "field": {"type": "string", "description": "`platform_admin`, `expires_at`, or `products.<key>` for a changed role.",
                      "examples": ["expires_at", "products.edr"]},
            "from": {"description": "The value before (any JSON value, `null` included)."},
            "to": {"description": "The value after (any JSON value, `null` included)."},
        },
    },
    "MembershipPreview": {
        "type": "object",
        "description": "What an edit would do, without doing it.",
        "required": ["original", "updated", "additions", "removals", "changes"],
        "properties": {
            "original": S("Membership"),
            "updated": S("Membership"),
            "additions": {"type": "array", "items": S("ProductGrant"), "description": "Products the edit adds."},
            "removals": {"type": "array", "items": S("ProductGrant"), "description": "Products the edit removes."},
            "changes": {"type": "array", "items": S("FieldChange"),
                        "description": "Changed values; a product whose role changes is a change, not an addition and a removal."},
        },
    },
    "RevisionOnly": {
        "type": "object",
        "required": ["revision"],
        "properties": {"revision": S("Revision")},
    },
    "TeamAdd": {
        "type": "object",
        "additionalProperties": False,
        "required": ["email", "platform_admin", "products"],
        "properties": {
            "email": {"$ref": "#/components/schemas/Email", "description": "An active user of any org."},
            "platform_admin": {"type": "boolean"},
            "expires_at": S("Timestamp"),
            "duration_hours": positive_hours,
            "products": {"type": "array", "items": S("ProductGrantInput")},
        },
    },
    "ExternalAccess": {
        "description": "A membership on the customer held by someone from another org, with who holds it.",
        "allOf": [
            S("Membership"),
            {
                "type": "object",
                "required": ["email", "name", "home_org_id", "home_org_name"],
                "properties": {
                    "email": S("Email"),
                    "name": S("Name"),
                    "home_org_id": S("Id"),
                    "home_org_name": S("Name"),
                },
            },
        ],
    },
    "ExternalAccessList": {
        "type": "object",
        "description": "Never paged: `next_cursor` is always null.",
        "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": S("ExternalAccess")}, "next_cursor": {"type": "null"}},
    },
    "LicenseKind": {"type": "string", "enum": ["paid", "poc"], "description": "Bought, or a proof of concept (which always expires)."},
    "License": {
        "type": "object",
        "description": "A customer's right to a product. `expires_at` is omitted (or null) for a licence that never expires.",
        "required": ["id", "customer_id", "product", "kind", "region", "starts_at", "created_at", "status"],
        "properties": {
            "id": S("Id"),
            "customer_id": S("Id"),
            "product": S("ProductKey"),
            "kind": S("LicenseKind"),
            "region": S("Region"),
            "starts_at": S("Timestamp"),
            "expires_at": nullable(S("Timestamp")),
            "created_at": S("Timestamp"),
            "status": {"type": "string", "enum": ["active", "expired"], "description": "Whether it is valid now."},
        },
    },
    "LicenseList": {
        "type": "object",
        "description": "Never paged: `next_cursor` is always null.",
        "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": S("License")}, "next_cursor": {"type": "null"}},
    },
    "LicenseCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["product", "kind"],
        "properties": {
            "product": {"type": "string", "description": "A product of the catalog."},
            "kind": S("LicenseKind"),
            "expires_at": {"$ref": "#/components/schemas/Timestamp",
                           "description": "In the future. POC licences default to 30 days from now; paid ones to no expiry."},
            "region": {"$ref": "#/components/schemas/Region", "description": "Defaults to the customer's region."},
            "product_admin_user_id": {"$ref": "#/components/schemas/Id",
                                      "description": "A user (of the calling partner) who gets role `admin` on the product in their "
                                                     "membership on the customer, which is created if missing."},
        },
    },
    "CheckPermission": {"type": "string", "enum": ["read", "write", "admin", "platform_admin"],
                        "description": "A product permission, or `platform_admin` of the tenant (which takes no `product`)."},
    "DecisionReason": {
        "type": "string",
        "enum": ["allowed", "no_access", "relationship_inactive", "expired", "role_insufficient", "privilege_ceiling",
                 "product_not_licensed", "no_product_role"],
        "description": "Why the decision came out as it did.",
    },
    "CheckRequest": {
        "type": "object",
        "additionalProperties": False,
        "required": ["user_id", "tenant_id", "permission"],
        "properties": {
            "user_id": S("Id"),
            "tenant_id": S("Id"),
            "product": {"type": "string", "description": "Required unless `permission` is `platform_admin`, and then not allowed."},
            "permission": S("CheckPermission"),
            "at_least_revision": {"$ref": "#/components/schemas/Revision",
                                  "description": "Answer from at least this revision (one this server returned); 409 if it does not exist yet."},
        },
    },
    "CheckResult": {
        "type": "object",
        "required": ["allowed", "reason", "revision"],
        "properties": {
            "allowed": {"type": "boolean"},
            "reason": S("DecisionReason"),
            "revision": {"$ref": "#/components/schemas/Revision", "description": "The revision the decision was made at."},
        },
    },
    "CheckBatchRequest": {
        "type": "object",
        "additionalProperties": False,
        "required": ["checks"],
        "properties": {
            "checks": {"type": "array", "minItems": 1, "maxItems": 1000, "items": S("CheckRequest"),
                       "description": "A check's own `at_least_revision` counts too: the batch waits for the highest."},
            "at_least_revision": S("Revision"),
        },
    },
    "CheckBatchResult": {
        "type": "object",
        "required": ["results", "revision"],
        "properties": {
            "results": {"type": "array", "description": "In the order of `checks`.",
                        "items": {"type": "object", "required": ["allowed", "reason"],
                                  "properties": {"allowed": {"type": "boolean"}, "reason": S("DecisionReason")}}},
            "revision": {"$ref": "#/components/schemas/Revision", "description": "The revision every decision was made at."},
        },
    },
    "Tenant": {
        "type": "object",
        "description": "A tenant the user may enter now (an `active` membership), with what they hold there.",
        "required": ["org_id", "name", "kind", "source", "platform_admin", "products", "expires_at"],
        "properties": {
            "org_id": S("Id"),
            "name": S("Name"),
            "kind": S("OrgKind"),
            "source": S("MembershipSource"),
            "platform_admin": {"type": "boolean"},
            "products": {"type": "array", "items": S("ProductGrant")},
            "expires_at": nullable(S("Timestamp"), "When the membership expires; null if never."),
        },
    },
    "TenantList": {
        "type": "object",
        "description": "The home org first, then the others oldest first; never paged.",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": S("Tenant")}},
    },
    "TenantSessionCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["tenant_id"],
        "properties": {"tenant_id": S("Id")},
    },
    "TenantSession": {
        "type": "object",
        "required": ["token", "expires_at", "tenant_id"],
        "properties": {
            "token": {"type": "string",
                      "description": "An ES256 JWT, header `kid` naming a key of `/.well-known/jwks.json`. Claims: `iss` (the public URL), "
                                     "`sub` (the user id), `aud` (the tenant id), `tenant`, `act: {sub, org}` (the user's id and home org id), "
                                     "`platform_admin`, `products: {product: role}`, `permissions: {product: [read|write|admin]}`, "
                                     "`privilege` (`support`, `manage`, or null for home and team), `iat`, `exp`, `jti`. The claims say what "
                                     "a check allows at issue time: `platform_admin` only where such a check allows, only products licensed "
                                     "now, and per product only the permissions a check allows."},
            "expires_at": {"$ref": "#/components/schemas/Timestamp",
                           "description": "15 minutes from now, or the membership's expiry if that is sooner."},
            "tenant_id": S("Id"),
        },
    },
    "JWK": {
        "type": "object",
        "description": "A public P-256 signing key.",
        "required": ["kty", "crv", "x", "y", "kid", "alg", "use"],
        "properties": {
            "kty": {"const": "EC"},
            "crv": {"const": "P-256"},
            "x": {"type": "string", "description": "base64url"},
            "y": {"type": "string", "description": "base64url"},
            "kid": {"type": "string"},
            "alg": {"const": "ES256"},
            "use": {"const": "sig"},
        },
    },
    "JWKS": {
        "type": "object",
        "required": ["keys"],
        "properties": {"keys": {"type": "array", "items": S("JWK")}},
    },
    "TokenScope": {"type": "string", "enum": ["check", "admin"],
                   "description": "`admin`: the API rights of the user who made the token; `check`: `POST /v1/check`, "
                                  "`POST /v1/check/batch` and `GET /v1/users/{id}/tenants` about any user (operators only may mint it)."},
    "APIToken": {
        "type": "object",
        "description": "An API token as listed: never its secret. `expires_at` and `revoked_at` are omitted (or null) when unset.",
        "required": ["id", "user_id", "name", "scopes", "created_at"],
        "properties": {
            "id": S("Id"),
            "user_id": S("Id"),
            "name": {"type": "string", "minLength": 1, "maxLength": 100},
            "scopes": {"type": "array", "items": S("TokenScope")},
            "created_at": S("Timestamp"),
            "expires_at": nullable(S("Timestamp")),
            "revoked_at": nullable(S("Timestamp")),
        },
    },
    "APITokenList": {
        "type": "object",
        "description": "The caller's own tokens, revoked ones included; never paged.",
        "required": ["items", "next_cursor"],
        "properties": {"items": {"type": "array", "items": S("APIToken")}, "next_cursor": {"type": "null"}},
    },
    "APITokenCreate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "scopes"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 100},
            "scopes": {"type": "array", "minItems": 1, "items": S("TokenScope"), "description": "Duplicates are dropped."},
            "expires_at": {"$ref": "#/components/schemas/Timestamp", "description": "In the future; absent: never expires."},
        },
    },
    "APITokenCreated": {
        "type": "object",
        "required": ["id", "token", "name", "scopes"],
        "properties": {
            "id": S("Id"),
            "token": {"type": "string", "description": "The secret (`stw_…`), for `Authorization: Bearer`. Shown only this once."},
            "name": {"type": "string"},
            "scopes": {"type": "array", "items": S("TokenScope")},
            "expires_at": {"$ref": "#/components/schemas/Timestamp", "description": "Omitted when the token never expires."},
        },
    },
})

def problem_response(description, headers=None):
    r = {"description": description, "content": {PROBLEM: {"schema": S("Problem")}}}
    if headers:
        r["headers"] = headers
    return r

def html_response(description, headers=None):
    r = {"description": description, "content": {HTML: {"schema": {"type": "string"}}}}
    if headers:
        r["headers"] = headers
    return r

responses = {
    "BadRequest": problem_response("Invalid input: malformed JSON, an unknown field, or invalid values (listed in `errors`)."),
    "Unauthorized": problem_response("Not signed in, or the credentials are wrong."),
    "Forbidden": problem_response("Visible, but the caller may not do this."),
    "NotFound": problem_response("Absent, or outside the caller's reach."),
    "Conflict": problem_response("The request conflicts with the current state."),
    "RelationshipStateConflict": problem_response("The relationship is not in a state that allows this "
                                                  "(e.g. approving one that is not pending, or revoking one that is not active)."),
    "PreconditionFailed": problem_response("`If-Match` names a version that is no longer current."),
    "ContentTooLarge": problem_response("The request body is larger than the limit (default 1 MiB, `STEWARD_MAX_BODY`)."),
    "UnsupportedMediaType": problem_response("The body is not sent as `application/json`."),
    "IndexUnavailable": problem_response("`index_unavailable`: decisions cannot be made from a current state (a record the index "
                                         "cannot read, or a change feed it cannot follow). Never an allow; retry after `Retry-After`.",
                                         {"Retry-After": H("RetryAfter")}),
    "TooManyRequests": problem_response("Too many failed sign-ins for this email (5 within 15 minutes).",
                                        {"Retry-After": H("RetryAfter")}),
    "HtmlPage": html_response("The page.", {"Cache-Control": H("CacheControl"), "Content-Security-Policy": H("ContentSecurityPolicy")}),
    "SignInRedirect": {"description": "Not signed in: redirect to `/login`.", "headers": {"Location": H("Location")}},
    "ConsoleFormInvalid": html_response("The form again, with the invalid fields listed."),
    "ConsoleForbidden": html_response("An error page: the caller may not do this, or the form's CSRF token is wrong."),
    "ConsoleNotFound": html_response("An error page: absent, or outside the caller's reach."),
    "ConsoleConflict": html_response("The form again: a user with this email already exists."),
    "ConsoleContentTooLarge": html_response("An error page: the request body is larger than the limit."),
    "ConsoleBadRequest": html_response("An error page listing the invalid input."),
    "ConsoleStateConflict": html_response("An error page: the relationship is not in a state that allows this."),
    "ConsoleGone": html_response("A page: this approval link has already been used, or the request has expired."),
}

parameters = {
    "Id": {"name": "id", "in": "path", "required": True, "schema": S("Id")},
    "Limit": {"name": "limit", "in": "query", "required": False, "description": "Page size.",
              "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
    "Cursor": {"name": "cursor", "in": "query", "required": False,
               "description": "The `next_cursor` of the previous page.", "schema": {"type": "string", "maxLength": 200}},
    "IfMatch": {"name": "If-Match", "in": "header", "required": False,
                "description": "The version the edit is based on, as the ETag (`\"3\"`, `W/\"3\"`) or bare (`3`). A stale version is refused with 412.",
                "schema": {"type": "string"}, "examples": {"etag": {"value": "\"3\""}, "bare": {"value": "3"}}},
    "LoginCsrfCookie": {"name": "steward_login_csrf", "in": "cookie", "required": True,
                        "description": "Set by `GET /login`; must match the form's `csrf` field.", "schema": {"type": "string"}},
}

headers = {
    "ETag": {"description": "The resource's version, quoted (`\"3\"`).", "schema": {"type": "string"}},
    "RetryAfter": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 0}},
    "Location": {"description": "Where to go next.", "schema": {"type": "string"}},
    "SetCookie": {"description": "Sets or clears a cookie.", "schema": {"type": "string"}},
    "CacheControl": {"schema": {"type": "string"}},
    "ContentSecurityPolicy": {"schema": {"type": "string"}},
}

etag = {"ETag": H("ETag")}
see_other = lambda d, extra=None: {"description": d, "headers": {"Location": H("Location"), **(extra or {})}}

paths = {}
def add(path, method, operation):
    paths.setdefault(path, {})[method] = operation

# --- service
add("/healthz", "get", op("getHealth", "Process liveness", ["service"], [],
    {"200": ok("The process is up.", {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}})}))
add("/readyz", "get", op("getReadiness", "Readiness: database reachable and migrated, decision index current", ["service"], [],
    {"200": ok("Ready.", S("Status")), "503": ok("The database is unreachable or not migrated, or the decision index cannot read "
                                                  "a stored record or the change feed.", S("Status"))}))
add("/metrics", "get", op("getMetrics", "Prometheus metrics", ["service"], [],
    {"200": {"description": "Metrics in the Prometheus text format.",
             "content": {"text/plain": {"schema": {"type": "string"}}}}}))
add("/openapi.json", "get", op("getOpenAPI", "This OpenAPI document", ["service"], [],
    {"200": ok("The OpenAPI 3.1 document.", {"type": "object"})}))

# --- auth
add("/v1/auth/login", "post", op("login", "Sign in and get a session token", ["auth"], [],
    {"200": ok("Signed in.", S("LoginResult")), **errors(400, 401, 413, 429)},
    description="An unknown email and a wrong password get the same 401. With TOTP enrolled and no `totp`, the 401 carries "
                "`mfa_required: true` (only after the right password). Failures are throttled per email and client address "
                "(5 in 15 minutes) and per address (50); the address is the peer's, or from `X-Forwarded-For` when the peer "
                "is in `STEWARD_TRUSTED_PROXIES`.",
    body=json_body(S("LoginRequest"))))
add("/v1/auth/logout", "post", op("logout", "End the current session", ["auth"], BEARER,
    {"204": {"description": "Signed out."}, **errors(400, 401, 415)}))
add("/v1/me", "get", op("getMe", "The caller and their home org", ["auth"], BEARER,
    {"200": ok("The caller.", S("Me")), **errors(401)}))
MFA_403 = problem_response("An API token (only a signed-in person changes their second factor).")
add("/v1/me/mfa/totp", "post", op("beginTotp", "Start TOTP enrolment (not in force until confirmed)", ["auth"], BEARER,
    {"201": ok("The secret to add to an authenticator app.", S("MfaEnrolment")), **errors(400, 401), "403": MFA_403,
     "409": problem_response("TOTP is already in force; disable it first."), **errors(413, 415)}))
add("/v1/me/mfa/totp/confirm", "post", op("confirmTotp", "Put TOTP in force with a current code", ["auth"], BEARER,
    {"200": ok("In force: sign-in needs `totp` from now on. The recovery codes are shown only now.", S("MfaRecoveryCodes")),
     **errors(400, 401), "403": MFA_403, "409": problem_response("No enrolment is waiting for a code."), **errors(413)},
    body=json_body(S("MfaCode"))))
add("/v1/me/mfa/totp", "delete", op("disableTotp", "Switch TOTP off with a current code or a recovery code", ["auth"], BEARER,
    {"204": {"description": "Switched off."}, **errors(400, 401),
     "403": problem_response("`STEWARD_REQUIRE_MFA` covers the caller, or an API token."),
     "404": problem_response("TOTP is not enrolled."), **errors(413)},
    body=json_body(S("MfaCode"))))

# --- tenants, tenant sessions, signing keys
TN = ["tenants"]
add("/v1/me/tenants", "get", op("listMyTenants", "The tenants the caller may enter now", TN, BEARER,
    {"200": ok("Every tenant where the caller holds an `active` membership, the home org first.", S("TenantList")),
     **errors(401)}))
paths["/v1/users/{id}/tenants"] = {"parameters": [P("Id")]}
add("/v1/users/{id}/tenants", "get", op("listUserTenants", "The tenants a user may enter now (operators, `check` tokens)", TN, BEARER,
    {"200": ok("The same shape as `GET /v1/me/tenants`.", S("TenantList")),
     **errors(401),
     "403": problem_response("Neither an operator nor an API token with the `check` scope."),
     "404": problem_response("No such user.")}))
add("/v1/tenant-sessions", "post", op("createTenantSession", "Open a tenant session: a short-lived signed token for a product console", TN, BEARER,
    {"201": ok("Opened; the membership's `last_access_at` is updated.", S("TenantSession")),
     **errors(400, 401),
     "404": problem_response("The caller has no live access to this tenant: no `active` membership there, "
                             "or a partner membership whose relationship is not active."),
     **errors(413)},
    description="Verify the token against `GET /.well-known/jwks.json`.",
    body=json_body(S("TenantSessionCreate"))))
add("/.well-known/jwks.json", "get", op("getJWKS", "The public keys that sign tenant-session tokens", TN, [],
    {"200": ok("The key set.", S("JWKS"), {"Cache-Control": H("CacheControl")})}))

# --- API tokens
AT = ["api-tokens"]
add("/v1/api-tokens", "post", op("createAPIToken", "Create an API token acting as the caller, narrowed to its scopes", AT, BEARER,
    {"201": ok("Created; the secret `token` is shown only this once.", S("APITokenCreated")),
     **errors(400, 401),
     "403": problem_response("Called with an API token (only a signed-in user creates tokens), or a non-operator asked for the `check` scope."),
     **errors(413)},
    body=json_body(S("APITokenCreate"))))
add("/v1/api-tokens", "get", op("listAPITokens", "The caller's own API tokens", AT, BEARER,
    {"200": ok("Every token of the caller, revoked ones included; never the secret.", S("APITokenList")), **errors(401)}))
paths["/v1/api-tokens/{id}"] = {"parameters": [P("Id")]}
add("/v1/api-tokens/{id}", "delete", op("revokeAPIToken", "Revoke one of the caller's API tokens", AT, BEARER,
    {"204": {"description": "Revoked (or already revoked)."},
     **errors(400, 401, 413, 415),
     "404": problem_response("No such token among the caller's own.")}))

# --- orgs
add("/v1/orgs", "post", op("createOrg", "Create a partner or customer org (operators)", ["orgs"], BEARER,
    {"201": ok("Created.", S("Org"), etag), **errors(400, 401, 403, 413)},
    body=json_body(S("OrgCreate"))))
add("/v1/orgs", "get", op("listOrgs", "Orgs the caller can see", ["orgs"], BEARER,
    {"200": ok("A page of orgs; orgs below a partner appear as outlines.", S("OrgList")), **errors(400, 401)},
    parameters=[
        {"name": "kind", "in": "query", "required": False, "schema": S("OrgKind")},
        {"name": "parent_id", "in": "query", "required": False, "schema": S("Id")},
        {"name": "q", "in": "query", "required": False, "description": "Text the org's name contains.",
         "schema": {"type": "string", "maxLength": 200}},
        P("Limit"), P("Cursor"),
    ]))
orgs_id = "/v1/orgs/{id}"
paths[orgs_id] = {"parameters": [P("Id")]}
add(orgs_id, "get", op("getOrg", "One org", ["orgs"], BEARER,
    {"200": ok("The org in full (with an `ETag`), or its outline for a partner looking at an org below it.", S("OrgView"), etag),
     **errors(401, 404)}))
add(orgs_id, "patch", op("updateOrg", "Edit an org's name and address (operators and the org's admins)", ["orgs"], BEARER,
    {"200": ok("Updated.", S("Org"), etag), **errors(400, 401, 403, 404, 412, 413)},
    parameters=[P("IfMatch")], body=json_body(S("OrgPatch"))))
paths["/v1/orgs/{id}/tree"] = {"parameters": [P("Id")]}
add("/v1/orgs/{id}/tree", "get", op("getOrgTree", "An org and its descendants", ["orgs"], BEARER,
    {"200": ok("The org with nested `children`.", S("OrgTreeNode")), **errors(401, 404)}))

# --- users
paths["/v1/orgs/{id}/users"] = {"parameters": [P("Id")]}
add("/v1/orgs/{id}/users", "post", op("createUser", "Add a user to an org (operators and the org's admins)", ["users"], BEARER,
    {"201": ok("Created, with the user's home membership.", S("User"), etag),
     **errors(400, 401, 403, 404), "409": problem_response("A user with this email already exists."), **errors(413)},
    body=json_body(S("UserCreate"))))
add("/v1/orgs/{id}/users", "get", op("listOrgUsers", "Users of an org (operators and the org's admins)", ["users"], BEARER,
    {"200": ok("A page of users.", S("UserList")), **errors(400, 401, 403, 404)},
    parameters=[P("Limit"), P("Cursor")]))
users_id = "/v1/users/{id}"
paths[users_id] = {"parameters": [P("Id")]}
add(users_id, "get", op("getUser", "One user (oneself, their org's admins, operators)", ["users"], BEARER,
    {"200": ok("The user.", S("User"), etag), **errors(401, 404)}))
add(users_id, "patch", op("updateUser", "Edit a user", ["users"], BEARER,
    {"200": ok("Updated, with the revision.", S("RevisedUser"), etag), **errors(400, 401, 403, 404),
     "409": problem_response("A user with this email already exists."), **errors(412, 413)},
    parameters=[P("IfMatch")], body=json_body(S("UserPatch"))))
add(users_id, "delete", op("deactivateUser", "Deactivate a user", ["users"], BEARER,
    {"200": ok("Deactivated: the user stays readable but can no longer sign in. With the revision.", S("RevisedUser")), **errors(400, 401, 403, 404, 413, 415)}))

# --- products
add("/v1/products", "get", op("listProducts", "The product catalog", ["products"], BEARER,
    {"200": ok("Every product.", S("ProductList")), **errors(401)}))
add("/v1/products", "post", op("createProduct", "Add a product to the catalog (operators)", ["products"], BEARER,
    {"201": ok("Created.", S("Product")), **errors(400, 401, 403),
     "409": problem_response("A product with this key already exists."), **errors(413)},
    body=json_body(S("ProductCreate"))))

# --- licences
LT = ["licenses"]
lic = "/v1/orgs/{id}/licenses"
paths[lic] = {"parameters": [{"name": "id", "in": "path", "required": True, "description": "A customer org.", "schema": S("Id")}]}
add(lic, "get", op("listLicenses", "A customer's licences (operators, the customer's admins, admins of its managing partners)", LT, BEARER,
    {"200": ok("Every licence of the customer, with its status now.", S("LicenseList")),
     **errors(401),
     "403": problem_response("The caller can reach the customer but is not an admin."),
     "404": problem_response("Not a customer, absent, or outside the caller's reach (a partner needs an active relationship with it).")}))
add(lic, "post", op("createLicense", "Grant a customer a licence (operators: any kind; admins of a managing partner: POC only)", LT, BEARER,
    {"201": ok("Created, with the revision.", S("RevisedLicense")),
     "400": problem_response("Invalid input: an unknown product, a region that is not configured, an expiry in the past or after "
                             "9999-12-31, a partner's POC past `STEWARD_POC_MAX_DAYS`; "
                             "or `product_admin_user_id` cannot be given the role (listed in `errors` or `items`)."),
     **errors(401),
     "403": problem_response("Neither an operator nor a partner admin; a partner asking for a `paid` licence; "
                             "or the rules refuse the product admin's membership."),
     "404": problem_response("Not a customer, absent, or outside the caller's reach; or `product_admin_user_id` is out of reach."),
     **errors(413)},
    description="A partner admin needs an active managed relationship with the customer. "
                "`product_admin_user_id` gets role `admin` on the product in their membership on the customer, created if missing.",
    body=json_body(S("LicenseCreate"))))

# --- relationships
RT = ["relationships"]
add("/v1/relationships", "post", op("openRelationship", "Ask a customer to accept a managed-service partner (operators)", RT, BEARER,
    {"201": ok("Opened: `pending`, `privilege` null, awaiting the customer's approval (an approval email goes to its admins).",
               S("Relationship"), etag),
     "400": problem_response("Invalid input, or the pair cannot hold a relationship: the partner is not a partner or its "
                             "programme is not `mssp`, `mdr` or `msp`, or the customer is not a customer."),
     **errors(401, 403),
     "404": problem_response("The partner or the customer does not exist."),
     "409": problem_response("This partner already has an open (pending or active) relationship with this customer."),
     **errors(413)},
    body=json_body(S("RelationshipCreate"))))
add("/v1/relationships", "get", op("listRelationships", "Relationships the caller can see", RT, BEARER,
    {"200": ok("A page of relationships: all of them for operators, their own org's for partner and customer admins, "
               "none for other users.", S("RelationshipList")), **errors(400, 401)},
    parameters=[
        {"name": "partner_id", "in": "query", "required": False, "schema": S("Id")},
        {"name": "customer_id", "in": "query", "required": False, "schema": S("Id")},
        {"name": "status", "in": "query", "required": False, "schema": S("RelationshipStatus")},
        P("Limit"), P("Cursor"),
    ]))
rel_id = "/v1/relationships/{id}"
paths[rel_id] = {"parameters": [P("Id")]}
add(rel_id, "get", op("getRelationship", "One relationship (operators and both sides' admins)", RT, BEARER,
    {"200": ok("The relationship as it reads now: a pending one past its approval window reads as `expired`.",
               S("Relationship"), etag), **errors(401, 404)}))
add(rel_id, "patch", op("changeRelationshipPrivilege", "Change an active relationship's privilege (the customer's admins)", RT, BEARER,
    {"200": ok("Updated, with the revision.", S("RevisedRelationship"), etag), **errors(400, 401, 403, 404),
     "409": R("RelationshipStateConflict"), **errors(412, 413)},
    parameters=[P("IfMatch")], body=json_body(S("RelationshipPatch"))))

def transition(suffix, op_id, summary, ok_text, who, body=None, bad_request=False):
    path = f"/v1/relationships/{{id}}/{suffix}"
    paths[path] = {"parameters": [P("Id")]}
    responses = {"200": ok(ok_text + " With the revision.", S("RevisedRelationship"), etag)}
    # A malformed If-Match, or a body where none is taken, is a 400 on every transition.
    responses["400"] = problem_response("Invalid input: a malformed `If-Match`, an invalid body, or a body where none is taken.")
    responses.update(errors(401))
    responses["403"] = problem_response(f"Visible, but only {who} may do this.")
    responses.update(errors(404))
    responses["409"] = R("RelationshipStateConflict")
    responses.update(errors(412, 413, 415))
    add(path, "post", op(op_id, summary, RT, BEARER, responses, parameters=[P("IfMatch")], body=body))

transition("approve", "approveRelationship", "Approve a pending request (the customer's admins)",
           "Approved: `active` with the chosen privilege.", "the customer's admins",
           body={"required": False, "description": "Optional; an empty body approves with `support`.",
                 "content": {JSON: {"schema": S("RelationshipApprove")}}},
           bad_request=True)
transition("reject", "rejectRelationship", "Reject a pending request (the customer's admins)",
           "Rejected.", "the customer's admins")
transition("revoke", "revokeRelationship", "End an active relationship from the customer's side (the customer's admins)",
           "Revoked; every membership under it ends.", "the customer's admins")
transition("terminate", "terminateRelationship", "End an active relationship from the partner's side (the partner's admins, operators)",
           "Terminated; every membership under it ends.", "the partner's admins and operators")

# --- notification settings
ns = "/v1/orgs/{id}/notification-settings"
paths[ns] = {"parameters": [P("Id")]}
add(ns, "get", op("getNotificationSettings", "A customer's access notification settings (its admins, operators)", RT, BEARER,
    {"200": ok("The settings; a customer that never chose has both on and no recipients.", S("NotificationSettings")),
     **errors(401),
     "403": problem_response("A member of the customer who is not an admin."),
     "404": problem_response("Not a customer, absent, or outside the caller's reach.")}))
add(ns, "put", op("putNotificationSettings", "Replace a customer's access notification settings (its admins)", RT, BEARER,
    {"200": ok("Saved.", S("NotificationSettings")),
     **errors(400, 401),
     "403": problem_response("An operator, or a member of the customer who is not an admin."),
     "404": problem_response("Not a customer, absent, or outside the caller's reach."),
     **errors(413)},
    body=json_body(S("NotificationSettings"))))

# --- memberships
MT = ["memberships"]
add("/v1/memberships", "post", op("createMemberships", "Grant access: create memberships, atomically", MT, BEARER,
    {"201": ok("Created, in the order given.", S("MembershipsCreated")),
     "400": problem_response("Invalid input, or some items failed (not allowed, out of reach, a duplicate, already has access): "
                             "each failing item is listed in `items` as `{index, detail}`. Nothing was written."),
     **errors(401, 413)},
    description="A bulk request even with one item: if any item fails, none is written. "
                "Who may grant what follows the management rules (operators, the tenant's admins, a managing partner's admins).",
    body=json_body(S("MembershipCreate"))))
add("/v1/memberships", "get", op("listMemberships", "Memberships the caller may see", MT, BEARER,
    {"200": ok("A page of memberships.", S("MembershipList")), **errors(400, 401)},
    description="Every status unless `status` filters.",
    parameters=[
        {"name": "user_id", "in": "query", "required": False, "schema": S("Id")},
        {"name": "tenant_id", "in": "query", "required": False, "schema": S("Id")},
        {"name": "partner_id", "in": "query", "required": False, "description": "Memberships of that partner's users.", "schema": S("Id")},
        {"name": "source", "in": "query", "required": False, "schema": S("MembershipSource")},
        {"name": "status", "in": "query", "required": False, "schema": S("MembershipStatus")},
        P("Limit"), P("Cursor"),
    ]))
mem_id = "/v1/memberships/{id}"
paths[mem_id] = {"parameters": [P("Id")]}
ENDED = problem_response("The membership has ended; a new assignment is needed.")
add(mem_id, "get", op("getMembership", "One membership", MT, BEARER,
    {"200": ok("The membership, with its status as of now.", S("Membership"), etag), **errors(401, 404)}))
add(mem_id, "patch", op("updateMembership", "Edit a membership: admin flag, expiry, product roles", MT, BEARER,
    {"200": ok("Updated (or unchanged), with the revision.", S("RevisedMembership"), etag),
     **errors(400, 401),
     "403": problem_response("Visible, but the rules do not allow this edit (e.g. a delegated admin extending their own expiry)."),
     **errors(404), "409": ENDED, **errors(412, 413)},
    description="A new expiry renews an expired membership; `expires_at: null` makes it permanent.",
    parameters=[P("IfMatch")], body=json_body(S("MembershipEdit"))))
add(mem_id, "delete", op("deleteMembership", "Remove access at once", MT, BEARER,
    {"200": ok("Removed; the membership remains in the audit trail only.", S("RevisionOnly")),
     **errors(400, 401, 413, 415),
     "403": problem_response("Visible, but the rules do not allow removing it."),
     **errors(404), "409": ENDED}))
paths["/v1/memberships/{id}/preview"] = {"parameters": [P("Id")]}
add("/v1/memberships/{id}/preview", "post", op("previewMembershipEdit", "What an edit would do, without doing it", MT, BEARER,
    {"200": ok("The membership before and after, and the differences.", S("MembershipPreview")),
     **errors(400, 401),
     "403": problem_response("Visible, but the rules would refuse this edit."),
     **errors(404), "409": ENDED, **errors(413)},
    body=json_body(S("MembershipEdit"))))
cust_param = {"parameters": [{"name": "id", "in": "path", "required": True, "description": "A customer org.", "schema": S("Id")}]}
paths["/v1/orgs/{id}/team"] = dict(cust_param)
add("/v1/orgs/{id}/team", "post", op("addTeamMember", "Add a user of any org to the customer's team (the customer's admins)", MT, BEARER,
    {"201": ok("Created, with source `team`, and the revision.", S("RevisedMembership")),
     "400": problem_response("Invalid input, or the rules refuse the membership (e.g. the user already has access), listed in `items`."),
     **errors(401),
     "403": problem_response("A member of the customer who is not an admin."),
     "404": problem_response("Not a customer, not the caller's own org, or no active user has this email."),
     **errors(413)},
    body=json_body(S("TeamAdd"))))
paths["/v1/orgs/{id}/external-access"] = dict(cust_param)
add("/v1/orgs/{id}/external-access", "get", op("listExternalAccess", "Everyone from other orgs with access to the customer (its admins, operators)", MT, BEARER,
    {"200": ok("Every non-home membership on the customer that has not ended, with the holder's email, name and home org.",
               S("ExternalAccessList")),
     **errors(401),
     "403": problem_response("A member of the customer who is not an admin."),
     "404": problem_response("Not a customer, absent, or not the caller's own org.")}))

# --- decisions
DT = ["decisions"]
CHECK_403 = problem_response("Asking about another user without being an operator or using an API token with the `check` scope.")
CHECK_409 = problem_response("`at_least_revision` names a revision that does not exist yet.")
add("/v1/check", "post", op("check", "May this user do this in this tenant?", DT, BEARER,
    {"200": ok("The decision and why.", S("CheckResult")),
     "400": problem_response("Invalid input: e.g. `product` missing for a product permission, or given with `platform_admin`."),
     **errors(401), "403": CHECK_403, "409": CHECK_409, **errors(413, 503)},
    description="Callers: an API token with the `check` scope, an operator, or a user asking about themselves.",
    body=json_body(S("CheckRequest"))))
add("/v1/check/batch", "post", op("checkBatch", "Many decisions at one revision", DT, BEARER,
    {"200": ok("The decisions, in order.", S("CheckBatchResult")),
     "400": problem_response("Invalid input: 1 to 1000 checks; invalid checks are listed in `items`."),
     **errors(401),
     "403": problem_response("A check asks about another user without the caller being an operator or using a `check` token."),
     "409": CHECK_409, **errors(413, 503)},
    body=json_body(S("CheckBatchRequest"))))

# --- audit
add("/v1/audit", "get", op("listAuditEvents", "The audit trail (operators: everything; org admins: their own org's)", ["audit"], BEARER,
    {"200": ok("A page of events, oldest first.", S("AuditEventList")),
     **errors(400, 401),
     "403": problem_response("Not an admin."),
     "404": problem_response("`org_id` names an org other than the caller's own (non-operators)."),
     },
    description="`org_id` matches events whose `tenant_id`, `actor_org_id` or `related_org_id` is that org. "
                "Admins who are not operators always see their own org's events only.",
    parameters=[
        {"name": "org_id", "in": "query", "required": False, "schema": S("Id")},
        {"name": "action", "in": "query", "required": False,
         "description": "An exact action, e.g. `relationship.approved`; only its first 100 characters count.",
         "schema": {"type": "string"}},
        {"name": "since", "in": "query", "required": False, "description": "Events at or after this time (RFC 3339).",
         "schema": S("Timestamp")},
        {"name": "until", "in": "query", "required": False, "description": "Events before this time (RFC 3339).",
         "schema": S("Timestamp")},
        P("Limit"), P("Cursor"),
    ]))

# --- console
C = ["console"]
add("/", "get", op("consoleRoot", "Entry point", C, OPTIONAL_SESSION,
    {"303": see_other("To `/console` when signed in, else to `/login`.")}))
add("/login", "get", op("consoleLoginPage", "The sign-in page", C, OPTIONAL_SESSION,
    {"200": html_response("The sign-in form, carrying `next`; sets the `steward_login_csrf` cookie.", {"Set-Cookie": H("SetCookie")}),
     "303": see_other("Already signed in: to `next` (default `/console`).")},
    parameters=[{"name": "next", "in": "query", "required": False,
                 "description": "Where to go after signing in; only a local path is followed.", "schema": S("NextPath")}]))
add("/login", "post", op("consoleLogin", "Sign in to the console", C, [],
    {"303": see_other("Signed in: to the form's `next` (default `/console`), setting the `steward_session` cookie.", {"Set-Cookie": H("SetCookie")}),
     "401": html_response("The form again: the email or password is wrong."),
     "403": html_response("The form again: the sign-in form expired (CSRF mismatch)."),
     "413": R("ConsoleContentTooLarge"),
     "429": html_response("The form again: too many failed sign-ins from this address.")},
    parameters=[P("LoginCsrfCookie")], body=form_body(S("LoginForm"))))
add("/console/mfa", "get", op("consoleMfa", "Sign-in security: TOTP status, set-up and switching off", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect")}))
add("/console/mfa/totp", "post", op("consoleBeginTotp", "Start TOTP set-up: the key and the otpauth link", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(403, 413)}, body=form_body(S("CsrfForm"))))
add("/console/mfa/totp/confirm", "post", op("consoleConfirmTotp", "Confirm TOTP with a code; the recovery codes are shown once", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), "400": html_response("The page again: the code did not match."), **html_errors(403, 413)},
    body=form_body(S("CodeForm"))))
add("/console/mfa/disable", "post", op("consoleDisableTotp", "Switch TOTP off with a code", C, SESSION,
    {"303": see_other("Switched off: back to `/console/mfa`."), "400": html_response("The page again: the code did not match."),
     **html_errors(403, 413)}, body=form_body(S("CodeForm"))))
add("/logout", "post", op("consoleLogout", "Sign out of the console", C, SESSION,
    {"303": see_other("Signed out (the session cookie is cleared), or not signed in: to `/login`.", {"Set-Cookie": H("SetCookie")}),
     **html_errors(403, 413)},
    body=form_body(S("CsrfForm"))))
add("/console", "get", op("consoleHome", "The console's home page", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect")}))
add("/console/orgs", "get", op("consoleOrgTree", "The partners-and-customers tree (operators)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(403)}))
add("/console/orgs", "post", op("consoleCreateOrg", "Create an org (operators)", C, SESSION,
    {"303": see_other("Created: to `/console/orgs/{id}` of the new org; or not signed in: to `/login`."),
     **html_errors(400, 403, 413)},
    body=form_body(S("OrgForm"))))
add("/console/orgs/new", "get", op("consoleNewOrgPage", "The new-organisation form (operators)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(403)}))
paths["/console/orgs/{id}"] = {"parameters": [P("Id")]}
add("/console/orgs/{id}", "get", op("consoleOrgPage", "An org and its users (operators and the org's admins)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(403, 404)}))
paths["/console/orgs/{id}/users"] = {"parameters": [P("Id")]}
add("/console/orgs/{id}/users", "post", op("consoleCreateUser", "Add a user to an org", C, SESSION,
    {"303": see_other("Created: back to `/console/orgs/{id}`; or not signed in: to `/login`."),
     **html_errors(400, 403, 404, 409, 413)},
    body=form_body(S("UserForm"))))
add("/console/users", "get", op("consoleOwnUsers", "The users of the caller's own org (admins)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(403)}))
add("/console/tenant", "post", op("consoleSwitchTenant", "Switch to another tenant", C, SESSION,
    {"303": see_other("Switched: to `/console`; or not signed in: to `/login`."),
     **html_errors(403, 404, 413)},
    description="Only tenants the user holds an active membership in; for now that is the home org.",
    body=form_body(S("TenantForm"))))
add("/console/relationships", "get", op("consoleRelationships", "Every relationship, and the form to link a partner and a customer (operators)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(403)}))
add("/console/relationships", "post", op("consoleLinkRelationship", "Ask a customer to accept a managed-service partner (operators)", C, SESSION,
    {"303": see_other("Opened: back to `/console/relationships`; or not signed in: to `/login`."),
     "400": html_response("The page again, with the error listed: a missing choice, an unknown org, or a pair that cannot hold a relationship."),
     **html_errors(403),
     "409": html_response("The page again: this partner already has an open relationship with this customer."),
     **html_errors(413)},
    body=form_body(S("RelationshipLinkForm"))))
add("/console/customers", "get", op("consolePartnerCustomers", "Manage Customer Access: the partner's relationships (partner admins)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(403)}))
add("/console/external", "get", op("consoleExternalSettings", "External user settings: pending requests, partners and notifications (customer admins)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(403)}))
add("/console/external/notifications", "post", op("consoleSaveNotificationSettings", "Save the access notification settings (customer admins)", C, SESSION,
    {"303": see_other("Saved: back to `/console/external`; or not signed in: to `/login`."),
     "400": html_response("The page again, with the invalid addresses listed."),
     **html_errors(403, 413)},
    body=form_body(S("NotificationSettingsForm"))))

def console_transition(suffix, op_id, summary, form, who, bad_request=False):
    path = f"/console/relationships/{{id}}/{suffix}"
    paths.setdefault(path, {"parameters": [P("Id")]})
    responses = {"303": see_other("Done: to `/console/relationships` (operators), `/console/customers` (partners) or "
                                  "`/console/external` (customers); or not signed in: to `/login`.")}
    if bad_request:
        responses["400"] = R("ConsoleBadRequest")
    responses["403"] = html_response(f"An error page: only {who} may do this, or the form's CSRF token is wrong.")
    responses.update(html_errors(404))
    responses["409"] = R("ConsoleStateConflict")
    responses.update(html_errors(413))
    add(path, "post", op(op_id, summary, C, SESSION, responses, body=form_body(S(form))))

def console_confirm(suffix, op_id, summary, who):
    path = f"/console/relationships/{{id}}/{suffix}"
    paths.setdefault(path, {"parameters": [P("Id")]})
    add(path, "get", op(op_id, summary, C, SESSION,
        {"200": html_response("A confirmation page whose form posts to this path.",
                              {"Cache-Control": H("CacheControl"), "Content-Security-Policy": H("ContentSecurityPolicy")}),
         "303": R("SignInRedirect"),
         "403": html_response(f"An error page: only {who} may do this."),
         **html_errors(404)}))

console_transition("approve", "consoleApproveRelationship", "Approve a pending request (customer admins)",
                   "ApprovePrivilegeForm", "the customer's admins")
console_transition("reject", "consoleRejectRelationship", "Reject a pending request (customer admins)",
                   "CsrfForm", "the customer's admins")
console_transition("privilege", "consoleChangeRelationshipPrivilege", "Change an active relationship's privilege (customer admins)",
                   "PrivilegeForm", "the customer's admins", bad_request=True)
console_confirm("revoke", "consoleConfirmRevokeRelationship", "Confirm revoking a partner (customer admins)", "the customer's admins")
console_transition("revoke", "consoleRevokeRelationship", "Revoke an active relationship (customer admins)",
                   "CsrfForm", "the customer's admins")
console_confirm("terminate", "consoleConfirmTerminateRelationship", "Confirm terminating a relationship (partner admins, operators)",
                "the partner's admins and operators")
console_transition("terminate", "consoleTerminateRelationship", "Terminate an active relationship (partner admins, operators)",
                   "CsrfForm", "the partner's admins and operators")
add("/console/outbox", "get", op("consoleOutbox", "The mail outbox: sent, waiting and failed messages (operators)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), "400": R("ConsoleBadRequest"), **html_errors(403)},
    parameters=[P("Limit"), P("Cursor")]))
paths["/approve/{token}"] = {"parameters": [{"name": "token", "in": "path", "required": True,
                                             "description": "The single-use token from the approval email (base64url, 20–100 characters).",
                                             "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{20,100}$"}}]}
add("/approve/{token}", "get", op("consoleApprovalLinkPage", "The emailed approval link: the approve-or-reject page (the customer's admins)", C, OPTIONAL_SESSION,
    {"200": html_response("The approval form. Opening the link changes nothing.",
                          {"Cache-Control": H("CacheControl"), "Content-Security-Policy": H("ContentSecurityPolicy")}),
     "303": see_other("Not signed in: to `/login?next=/approve/{token}`."),
     "404": html_response("A page: the link is not valid, or the caller is not an admin of the customer it was sent for."),
     "409": html_response("A page: the request was already answered."),
     **html_errors(410)}))
add("/approve/{token}", "post", op("consoleAnswerApprovalLink", "Answer through the emailed approval link (the customer's admins)", C, SESSION,
    {"200": html_response("A page: approved (with the chosen privilege) or rejected."),
     "303": R("SignInRedirect"),
     "400": R("ConsoleBadRequest"),
     "403": R("ConsoleForbidden"),
     "404": html_response("A page: the link is not valid, or the caller is not an admin of the customer it was sent for. Nothing was changed."),
     "409": html_response("A page: the request was already answered. Nothing was changed."),
     **html_errors(410, 413)},
    description="Single use: the link works once, and only until the approval window closes.",
    body=form_body(S("ApprovalLinkForm"))))
add("/console/tenants", "get", op("consoleTenantPicker", "Select customer: the tenant picker (home org first)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect")}))
schemas["TeamForm"] = {"type": "object", "required": ["csrf", "email"], "properties": {
    "csrf": {"type": "string"}, "email": {"type": "string", "format": "email"},
    "platform_admin": {"type": "string", "description": "Present when checked."},
    "duration": {"type": "string", "enum": ["24", "48", "custom", "permanent"]},
    "custom_hours": {"type": "string", "description": "Hours, when duration is custom."}},
    "additionalProperties": {"type": "string", "description": "`role_<product>`: the role on that product, empty for none."}}
add("/console/external/team", "post", op("consoleAddToTeam", "Add an external user to the customer's team by email (customer admins)", C, SESSION,
    {"303": see_other("Added: back to `/console/external`; or not signed in: to `/login`."),
     "400": html_response("The page again, with the error listed: unknown email, invalid duration or roles, not allowed."),
     **html_errors(403, 413)},
    body=form_body(S("TeamForm"))))
paths.setdefault("/console/access/{id}/remove", {"parameters": [P("Id")]})
add("/console/access/{id}/remove", "get", op("consoleConfirmRemoveAccess", "Confirm removing someone's access to a tenant", C, SESSION,
    {"200": html_response("A confirmation page whose form posts to this path."), "303": R("SignInRedirect"), **html_errors(404)}))
add("/console/access/{id}/remove", "post", op("consoleRemoveAccess", "Remove a membership at once (customer admins, partner admins, delegated admins)", C, SESSION,
    {"303": see_other("Removed: back to the page it was removed from; or not signed in: to `/login`."),
     **html_errors(403, 404, 413)},
    body=form_body(S("CsrfForm"))))
schemas["AssignForm"] = {"type": "object", "required": ["csrf"], "properties": {
    "csrf": {"type": "string"}, "user_id": {"type": "string"}, "version": {"type": "string"},
    "action": {"type": "string", "enum": ["preview", "save"]},
    "return": {"type": "string", "description": "The console page to go back to after saving; anything but a plain `/console/` path is ignored."},
    "platform_admin": {"type": "string", "description": "Present when checked."},
    "duration": {"type": "string", "enum": ["keep", "24", "48", "custom", "permanent"]},
    "custom_hours": {"type": "string"}},
    "additionalProperties": {"type": "string", "description": "`role_<product>`: the role on that product, empty for none."}}
paths.setdefault("/console/customers/{id}", {"parameters": [P("Id")]})
add("/console/customers/{id}", "get", op("consoleManagedCustomer", "A managed customer: assigned users and quick add (partner admins)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(404)}))
paths.setdefault("/console/customers/{id}/assign", {"parameters": [P("Id")]})
add("/console/customers/{id}/assign", "post", op("consoleQuickAdd", "Quick add: assign one user of the partner on this customer (partner admins)", C, SESSION,
    {"303": see_other("Assigned: back to the customer page; or not signed in: to `/login`."),
     "400": html_response("The page again, with the error listed."), **html_errors(403, 404, 413)},
    body=form_body(S("AssignForm"))))
paths.setdefault("/console/access/{id}/edit", {"parameters": [P("Id")]})
add("/console/access/{id}/edit", "get", op("consoleEditAccess", "Edit someone's access: the form", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(404)}))
add("/console/access/{id}/edit", "post", op("consoleEditAccessSubmit", "Preview (Original / Updated / Additions / Removals / Changes) or save an edit", C, SESSION,
    {"200": html_response("The form with the preview panel."),
     "303": see_other("Saved: back to the page named by `return` (a console path; default the customer page); or not signed in: to `/login`."),
     "400": html_response("The form again, with the error listed."),
     "412": html_response("The form again with the current access: someone changed it meanwhile."),
     **html_errors(403, 404, 413)},
    body=form_body(S("AssignForm"))))
schemas["AssignWizardForm"] = {"type": "object", "required": ["csrf", "step"], "properties": {
    "csrf": {"type": "string"},
    "step": {"type": "string", "enum": ["users", "options", "products", "review"], "description": "The step being submitted."},
    "go": {"type": "string", "enum": ["next", "back", "submit"], "description": "`submit` only from `review`; the only one that writes."},
    "user_id": {"type": "array", "items": {"type": "string"}, "description": "Repeated: every chosen user."},
    "platform_admin": {"type": "string", "description": "Present when checked."},
    "duration": {"type": "string", "enum": ["24", "48", "custom", "permanent"]},
    "custom_hours": {"type": "string"}},
    "additionalProperties": {"type": "string", "description": "`role_<product>`: the role on that product, blank for none."}}
paths.setdefault("/console/customers/{id}/assign-wizard", {"parameters": [P("Id")]})
add("/console/customers/{id}/assign-wizard", "get", op("consoleAssignWizard", "Assign user access: the wizard's first step (partner admins)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(404)}))
add("/console/customers/{id}/assign-wizard", "post", op("consoleAssignWizardStep", "Assign user access: check a step and show the next, go back, or submit (all users or none)", C, SESSION,
    {"200": html_response("The next (or previous) step."),
     "303": see_other("Submitted: back to the customer page; or not signed in: to `/login`."),
     "400": html_response("The same step again with the errors listed; on submit, the review with each refused user."),
     **html_errors(403, 404, 413)},
    body=form_body(S("AssignWizardForm"))))
add("/console/partner-users", "get", op("consolePartnerUsers", "Manage Customer Access, Users tab: the partner's users and how many customers each can enter", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(404)}))
paths.setdefault("/console/partner-users/{id}", {"parameters": [P("Id")]})
add("/console/partner-users/{id}", "get", op("consolePartnerUser", "One partner user: email, time zone, the customers they can enter (partner admins)", C, SESSION,
    {"200": R("HtmlPage"), "303": R("SignInRedirect"), **html_errors(404)}))
schemas["AssignCustomersForm"] = {"type": "object", "required": ["csrf"], "properties": {
    "csrf": {"type": "string"},
    "customer_id": {"type": "array", "items": {"type": "string"}, "description": "Repeated: every chosen customer."},
    "platform_admin": {"type": "string", "description": "Present when checked."},
    "duration": {"type": "string", "enum": ["24", "48", "custom", "permanent"]},
    "custom_hours": {"type": "string"}},
    "additionalProperties": {"type": "string", "description": "`role_<product>`: applied at each chosen customer licensed for the product."}}
paths.setdefault("/console/partner-users/{id}/assign", {"parameters": [P("Id")]})
add("/console/partner-users/{id}/assign", "post", op("consoleAssignCustomers", "Assign customer access: one user to many customers at once, all or none (partner admins)", C, SESSION,
    {"303": see_other("Assigned: back to the user page; or not signed in: to `/login`."),
     "400": html_response("The page again, with each refused customer listed."), **html_errors(403, 404, 413)},
    body=form_body(S("AssignCustomersForm"))))
add("/static/steward.css", "get", op("consoleStylesheet", "The console's stylesheet", C, [],
    {"200": {"description": "The stylesheet.", "content": {"text/css": {"schema": {"type": "string"}}}}}))

doc = {
    "openapi": "3.1.0",
    "info": {
        "title": "Steward",
        "version": "1.0.0",
        "summary": "Delegated access for multi-tenant SaaS platforms that sell through partners.",
        "description": "JSON bodies use snake_case fields; times are RFC 3339 UTC strings; ids are opaque strings. "
                       "Request bodies are strict: an unknown field is a 400. Errors are `application/problem+json` (RFC 9457). "
                       "Lists take `?limit=` (1–500, default 50) and `?cursor=` and answer `{items, next_cursor}`. "
                       "Editable resources carry `version`, returned as an `ETag`; edits accept it in `If-Match`. "
                       "The API authenticates with `Authorization: Bearer <token>`; the console with the `steward_session` cookie "
                       "and a CSRF token on every form.",
    },
    "servers": [{"url": "/"}],
    "security": BEARER,
    "tags": [
        {"name": "service", "description": "Health, readiness, metrics and this document; no sign-in needed."},
        {"name": "auth", "description": "Signing in and out, and the caller."},
        {"name": "orgs", "description": "The vendor, partners and customers."},
        {"name": "users", "description": "People and their home orgs."},
        {"name": "products", "description": "The product catalog."},
        {"name": "licenses", "description": "Customers' licences to products."},
        {"name": "relationships", "description": "Managed-service partners managing customers with their consent, "
                                                 "and the customer's access notification settings."},
        {"name": "memberships", "description": "Access: which users may enter which tenants, with which product roles."},
        {"name": "decisions", "description": "Access decisions, answered from memory at a known revision."},
        {"name": "tenants", "description": "The tenants a user may enter, tenant sessions for product consoles, and their signing keys."},
        {"name": "api-tokens", "description": "Long-lived tokens for programs, acting as the user who made them."},
        {"name": "audit", "description": "The append-only, hash-chained audit trail."},
        {"name": "console", "description": "The server-rendered web console (HTML pages and forms)."},
    ],
    "paths": paths,
    "components": {
        "schemas": schemas,
        "responses": responses,
        "parameters": parameters,
        "headers": headers,
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "A session token from `POST /v1/auth/login`, or an API token (`stw_…`) from `POST /v1/api-tokens`. "
                                      "A token whose scopes lack `admin` (only `check`) is refused with 403 everywhere except "
                                      "`POST /v1/check`, `POST /v1/check/batch` and `GET /v1/users/{id}/tenants`."},
            "session": {"type": "apiKey", "in": "cookie", "name": "steward_session",
                        "description": "The console's session cookie, set by `POST /login`."},
        },
    },
}

import sys
with open(sys.argv[1], "w") as f:
    json.dump(doc, f, indent=2, ensure_ascii=False)
    f.write("\n")
