# Macros: named, ordered sets of conversation actions, personal or shared with a team or the workspace.
#
# Whoever reads tickets reads the workspace's macros, their own and their teams'. A personal macro is its
# owner's, written with tickets.update. Shared macros (team or workspace) are written by holders of
# routing.manage (supervisors: macros are workflow, like routing rules), workspace-wide or for that team; those
# holders also read every team's macros. Applying a macro needs only to read it: each action it runs asks the
# ticket's own policy.

reads_tickets(m: MemberActor) if m.can("tickets.read_all");
reads_tickets(m: MemberActor) if m.can("tickets.read_team");
reads_tickets(m: MemberActor) if m.can("tickets.read_assigned");

grants(m: MemberActor, "read", mac: Macro) if
  mac.workspaceId = m.workspaceId and mac.sharing = "workspace" and reads_tickets(m);
grants(m: MemberActor, "read", mac: Macro) if
  mac.workspaceId = m.workspaceId and mac.sharing = "personal" and mac.ownerId = m.id and reads_tickets(m);
grants(m: MemberActor, "read", mac: Macro) if
  mac.workspaceId = m.workspaceId and mac.sharing = "team" and reads_tickets(m) and
  team in m.teamIds and mac.teamId = team;
grants(m: MemberActor, "read", mac: Macro) if
  mac.workspaceId = m.workspaceId and mac.sharing = "team" and m.can("routing.manage");
grants(m: MemberActor, "read", mac: Macro) if
  mac.workspaceId = m.workspaceId and mac.sharing = "team" and
  team in m.teamsWith("routing.manage") and mac.teamId = team;

grants(m: MemberActor, action: String, mac: Macro) if
  action in ["create", "update", "delete"] and
  mac.workspaceId = m.workspaceId and mac.sharing = "personal" and mac.ownerId = m.id and
  m.can("tickets.update");
grants(m: MemberActor, action: String, mac: Macro) if
  action in ["create", "update", "delete"] and
  mac.workspaceId = m.workspaceId and mac.sharing = "workspace" and m.can("routing.manage");
grants(m: MemberActor, action: String, mac: Macro) if
  action in ["create", "update", "delete"] and
  mac.workspaceId = m.workspaceId and mac.sharing = "team" and m.can("routing.manage");
grants(m: MemberActor, action: String, mac: Macro) if
  action in ["create", "update", "delete"] and
  mac.workspaceId = m.workspaceId and mac.sharing = "team" and
  team in m.teamsWith("routing.manage") and mac.teamId = team;

scope_allows(key: ApiKeyActor, "read", _: Macro) if key.hasScope("tickets:read");
scope_allows(key: ApiKeyActor, action: String, _: Macro) if
  action != "read" and key.hasScope("tickets:write");

# A team-limited key sees the workspace's macros, its member's own, and its teams' macros only.
key_limits(key: ApiKeyActor, _: Macro) if key.allTeams();
key_limits(_: ApiKeyActor, mac: Macro) if mac.sharing = "workspace";
key_limits(_: ApiKeyActor, mac: Macro) if mac.sharing = "personal";
key_limits(key: ApiKeyActor, mac: Macro) if team in key.teamIds and mac.teamId = team;
