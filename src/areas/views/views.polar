# Views. A member who may read tickets at all (reads_tickets) sees its own personal views, the views shared with
# a team it belongs to and the workspace's shared views. `views.manage` shares views: workspace-wide it creates,
# changes and deletes team and workspace views (and sees every team's); granted within a team, that team's views.
# A member creates, changes and deletes its own personal views with a ticket read permission alone.
# What a view's tickets and counts show is decided by the Ticket rules, never by these.

reads_tickets(m: MemberActor) if
  permission in ["tickets.read_all", "tickets.read_team", "tickets.read_assigned"] and
  (m.can(permission) or m.teamsWith(permission).length > 0);

grants(m: MemberActor, "read", v: View) if
  reads_tickets(m) and v.workspaceId = m.workspaceId and v.sharing = "workspace";
grants(m: MemberActor, "read", v: View) if
  reads_tickets(m) and v.workspaceId = m.workspaceId and v.sharing = "personal" and v.ownerId = m.id;
grants(m: MemberActor, "read", v: View) if
  reads_tickets(m) and v.sharing = "team" and team in m.teamIds and v.teamId = team;
grants(m: MemberActor, "read", v: View) if
  v.workspaceId = m.workspaceId and v.sharing = "team" and m.can("views.manage");
grants(m: MemberActor, "read", v: View) if
  v.workspaceId = m.workspaceId and v.sharing = "workspace" and m.can("views.manage");
grants(m: MemberActor, "read", v: View) if
  v.sharing = "team" and team in m.teamsWith("views.manage") and v.teamId = team;

grants(m: MemberActor, action: String, v: View) if
  action in ["create", "update", "delete"] and
  reads_tickets(m) and v.workspaceId = m.workspaceId and v.sharing = "personal" and v.ownerId = m.id;
grants(m: MemberActor, action: String, v: View) if
  action in ["create", "update", "delete"] and
  v.workspaceId = m.workspaceId and v.sharing = "workspace" and m.can("views.manage");
grants(m: MemberActor, action: String, v: View) if
  action in ["create", "update", "delete"] and
  v.workspaceId = m.workspaceId and v.sharing = "team" and m.can("views.manage");
grants(m: MemberActor, action: String, v: View) if
  action in ["create", "update", "delete"] and
  v.sharing = "team" and team in m.teamsWith("views.manage") and v.teamId = team;

scope_allows(key: ApiKeyActor, "read", _: View) if key.hasScope("tickets:read");
scope_allows(key: ApiKeyActor, action: String, _: View) if
  action != "read" and key.hasScope("tickets:write");

# Views hold no tickets: a team- or inbox-limited key is narrowed where the view's tickets are read.
key_limits(_: ApiKeyActor, _: View);
