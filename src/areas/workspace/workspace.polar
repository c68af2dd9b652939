# The workspace itself, and workspace-wide capabilities (authorization checks, the permission list).

grants(m: MemberActor, "read", w: Workspace) if w.id = m.workspaceId;
grants(m: MemberActor, "list_permissions", w: Workspace) if w.id = m.workspaceId;
grants(m: MemberActor, "update", w: Workspace) if
  w.id = m.workspaceId and m.can("workspace.manage");
grants(m: MemberActor, "check_authz", w: Workspace) if
  w.id = m.workspaceId and m.can("authz.check");

scope_allows(key: ApiKeyActor, "read", _: Workspace) if key.hasScope("workspace:read");
scope_allows(key: ApiKeyActor, "list_permissions", _: Workspace) if key.hasScope("roles:read");
scope_allows(key: ApiKeyActor, "update", _: Workspace) if key.hasScope("workspace:write");
scope_allows(key: ApiKeyActor, "check_authz", _: Workspace) if key.hasScope("roles:read");

key_limits(_: ApiKeyActor, _: Workspace);
