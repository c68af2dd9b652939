# Tickets. A member reads a ticket through tickets.read_all (workspace-wide: every ticket; granted within a
# team: that team's tickets), tickets.read_team (tickets of the member's own teams where it holds it) or
# tickets.read_assigned (tickets assigned to the member). It acts on a ticket it reads, with the action's
# permission held workspace-wide or within the ticket's team. Collaborators hold tickets.note, not tickets.reply.
#
# A contact (portal session) reads the tickets it requested, and its organisation's when the organisation
# shares tickets (`members_read` or `members_reply`); it replies to its own, and to its organisation's with
# `members_reply`; it opens tickets for itself. It never writes notes. Anonymous visitors get nothing.
#
# API keys need tickets:read / tickets:write; a key limited to teams sees only those teams' tickets, a key
# limited to inboxes only those inboxes' tickets.
#
# Oso 0.27 has no Polar `test` blocks: test/areas/tickets-access.test.ts proves these rules through the API,
# and test/authz/differential.test.ts proves the compiled SQL agrees with them.

grants(m: MemberActor, "read", t: Ticket) if
  t.workspaceId = m.workspaceId and m.can("tickets.read_all");
grants(m: MemberActor, "read", t: Ticket) if
  team in m.teamsWith("tickets.read_all") and t.teamId = team;
grants(m: MemberActor, "read", t: Ticket) if
  team in m.memberTeamsWith("tickets.read_team") and t.teamId = team;
grants(m: MemberActor, "read", t: Ticket) if
  t.workspaceId = m.workspaceId and t.assigneeId = m.id and m.can("tickets.read_assigned");
grants(m: MemberActor, "read", t: Ticket) if
  t.workspaceId = m.workspaceId and t.assigneeId = m.id and m.teamsWith("tickets.read_assigned").length > 0;

grants(m: MemberActor, action: String, t: Ticket) if
  ticket_action(action, permission) and
  grants(m, "read", t) and
  member_holds_for(m, permission, t);

# Creating needs tickets.create workspace-wide, or within the team the new ticket goes to.
grants(m: MemberActor, "create", t: Ticket) if
  member_holds_for(m, "tickets.create", t);

ticket_action("update", "tickets.update");
ticket_action("reply", "tickets.reply");
ticket_action("note", "tickets.note");
ticket_action("assign", "tickets.assign");
ticket_action("merge", "tickets.merge");
ticket_action("delete", "tickets.delete");

member_holds_for(m: MemberActor, permission: String, t: Ticket) if
  t.workspaceId = m.workspaceId and m.can(permission);
member_holds_for(m: MemberActor, permission: String, t: Ticket) if
  team in m.teamsWith(permission) and t.teamId = team;

grants(me: ContactActor, "read", t: Ticket) if
  t.workspaceId = me.workspaceId and t.requesterId = me.id;
grants(me: ContactActor, "read", t: Ticket) if
  me.sharesTickets("read") and t.workspaceId = me.workspaceId and t.organizationId = me.organizationId;
grants(me: ContactActor, "reply", t: Ticket) if
  t.workspaceId = me.workspaceId and t.requesterId = me.id;
grants(me: ContactActor, "reply", t: Ticket) if
  me.sharesTickets("reply") and t.workspaceId = me.workspaceId and t.organizationId = me.organizationId;
grants(me: ContactActor, "create", t: Ticket) if
  t.workspaceId = me.workspaceId and t.requesterId = me.id;

scope_allows(key: ApiKeyActor, "read", _: Ticket) if key.hasScope("tickets:read");
scope_allows(key: ApiKeyActor, action: String, _: Ticket) if
  action != "read" and key.hasScope("tickets:write");

key_limits(key: ApiKeyActor, t: Ticket) if
  key_team_limit(key, t) and key_inbox_limit(key, t);
key_team_limit(key: ApiKeyActor, _: Ticket) if key.allTeams();
key_team_limit(key: ApiKeyActor, t: Ticket) if team in key.teamIds and t.teamId = team;
key_inbox_limit(key: ApiKeyActor, _: Ticket) if key.allInboxes();
key_inbox_limit(key: ApiKeyActor, t: Ticket) if inbox in key.inboxIds and t.inboxId = inbox;
