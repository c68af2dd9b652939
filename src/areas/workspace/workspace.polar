# The workspace itself, and workspace-wide capabilities (authorization checks, the permission list, the
# audit log).

grants(m: MemberActor, "read", w: Workspace) if w.id = m.workspaceId;
grants(m: MemberActor, "list_permissions", w: Workspace) if w.id = m.workspaceId;
grants(m: MemberActor, "update", w: Workspace) if
  w.id = m.workspaceId and m.can("workspace.manage");
grants(m: MemberActor, "check_authz", w: Workspace) if
  w.id = m.workspaceId and m.can("authz.check");
grants(m: MemberActor, "read_audit", w: Workspace) if
  w.id = m.workspaceId and m.can("audit.read");

scope_allows(key: ApiKeyActor, "read", _: Workspace) if key.hasScope("workspace:read");
scope_allows(key: ApiKeyActor, "list_permissions", _: Workspace) if key.hasScope("roles:read");
scope_allows(key: ApiKeyActor, "update", _: Workspace) if key.hasScope("workspace:write");
scope_allows(key: ApiKeyActor, "check_authz", _: Workspace) if key.hasScope("roles:read");
# The audit log is workspace-wide (every team's changes): a key limited to teams reads none of it.
scope_allows(key: ApiKeyActor, "read_audit", _: Workspace) if
  key.hasScope("audit:read") and key.allTeams();

key_limits(_: ApiKeyActor, _: Workspace);
