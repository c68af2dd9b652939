# API keys: everyone manages their own; api_keys.manage reaches every member's keys (creating a key for another
# member included). The service adds what a policy over one row cannot say: a key never exceeds whoever makes
# or rotates it (scopes, limits, expiry, and the permissions of the member it acts for).

grants(m: MemberActor, _action: String, k: ApiKey) if
  k.workspaceId = m.workspaceId and k.memberId = m.id;
grants(m: MemberActor, action: String, k: ApiKey) if
  action in ["read", "create", "update", "revoke", "rotate"] and
  k.workspaceId = m.workspaceId and m.can("api_keys.manage");

scope_allows(key: ApiKeyActor, "read", _: ApiKey) if key.hasScope("api_keys:read");
scope_allows(key: ApiKeyActor, action: String, _: ApiKey) if
  action != "read" and key.hasScope("api_keys:write");

key_limits(_: ApiKeyActor, _: ApiKey);
