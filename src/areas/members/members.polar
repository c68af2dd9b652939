# Members and role assignments.

grants(m: MemberActor, "read", r: Member) if
  r.workspaceId = m.workspaceId and m.can("members.read");
grants(m: MemberActor, "read", r: Member) if r.id = m.id;
grants(m: MemberActor, action: String, r: Member) if
  action in ["create", "update", "deactivate"] and
  r.workspaceId = m.workspaceId and m.can("members.manage");
# Everyone may rename themselves; changing their own status still needs members.manage (`deactivate`).
grants(m: MemberActor, "update", r: Member) if r.id = m.id;
grants(m: MemberActor, "assign_role", r: Member) if
  r.workspaceId = m.workspaceId and m.can("roles.manage");

scope_allows(key: ApiKeyActor, "read", _: Member) if key.hasScope("members:read");
scope_allows(key: ApiKeyActor, action: String, _: Member) if
  action in ["create", "update", "deactivate"] and key.hasScope("members:write");
scope_allows(key: ApiKeyActor, "assign_role", _: Member) if key.hasScope("roles:write");

# A team-limited key sees the members of its teams only.
key_limits(key: ApiKeyActor, _: Member) if key.allTeams();
key_limits(key: ApiKeyActor, r: Member) if
  team in key.teamIds and membership in r.teamMemberships and membership.teamId = team;
