# Routing rules: reading, writing, reordering and testing them all need routing.manage (supervisors, admins):
# rules change who gets every ticket of the workspace. Testing one against an existing ticket also needs reading
# that ticket (the service asks the Ticket rules).

grants(m: MemberActor, action: String, r: RoutingRule) if
  action in ["read", "create", "update", "delete", "test"] and
  r.workspaceId = m.workspaceId and m.can("routing.manage");

scope_allows(key: ApiKeyActor, "read", _: RoutingRule) if key.hasScope("routing:read");
scope_allows(key: ApiKeyActor, action: String, _: RoutingRule) if
  action != "read" and key.hasScope("routing:write");

# Rules belong to the workspace, not a team: a team-limited key is not narrowed here.
key_limits(_: ApiKeyActor, _: RoutingRule);
