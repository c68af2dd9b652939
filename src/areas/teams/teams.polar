# Teams. teams.read / teams.manage granted workspace-wide reach every team; granted by an assignment
# scoped to a team, they reach that team only (an agent in team A can be a supervisor in team B).
# Creating and deleting teams needs the workspace-wide grant.

grants(m: MemberActor, "read", t: Team) if
  t.workspaceId = m.workspaceId and m.can("teams.read");
grants(m: MemberActor, "read", t: Team) if
  team in m.teamsWith("teams.read") and t.id = team;
grants(m: MemberActor, "read", t: Team) if
  team in m.teamIds and t.id = team;

grants(m: MemberActor, action: String, t: Team) if
  action in ["create", "update", "delete", "manage_members"] and
  t.workspaceId = m.workspaceId and m.can("teams.manage");
grants(m: MemberActor, action: String, t: Team) if
  action in ["update", "manage_members"] and
  team in m.teamsWith("teams.manage") and t.id = team;

scope_allows(key: ApiKeyActor, "read", _: Team) if key.hasScope("teams:read");
scope_allows(key: ApiKeyActor, action: String, _: Team) if
  action != "read" and key.hasScope("teams:write");

# A team-limited key sees only its teams.
key_limits(key: ApiKeyActor, _: Team) if key.allTeams();
key_limits(key: ApiKeyActor, t: Team) if team in key.teamIds and t.id = team;
