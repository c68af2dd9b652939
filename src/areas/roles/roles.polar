# Custom roles: anyone who sees members sees the roles; roles.manage changes them.

grants(m: MemberActor, "read", r: Role) if
  r.workspaceId = m.workspaceId and m.can("members.read");
grants(m: MemberActor, action: String, r: Role) if
  action in ["create", "update", "delete"] and
  r.workspaceId = m.workspaceId and m.can("roles.manage");

scope_allows(key: ApiKeyActor, "read", _: Role) if key.hasScope("roles:read");
scope_allows(key: ApiKeyActor, action: String, _: Role) if
  action != "read" and key.hasScope("roles:write");

key_limits(_: ApiKeyActor, _: Role);
