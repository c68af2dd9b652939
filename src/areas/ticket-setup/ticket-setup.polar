# Ticket setup: statuses, types and custom fields.
#
# Staff who may read any tickets (tickets.read_all, tickets.read_team or tickets.read_assigned) read the whole
# setup: a ticket's fields mean nothing without it. Changing it needs ticket_setup.manage. Contacts and
# visitors read none of it here; the portal shows a ticket's status through the ticket itself.

grants(m: MemberActor, "read", s: TicketStatus) if
  s.workspaceId = m.workspaceId and m.can("tickets.read_all");
grants(m: MemberActor, "read", s: TicketStatus) if
  s.workspaceId = m.workspaceId and m.can("tickets.read_team");
grants(m: MemberActor, "read", s: TicketStatus) if
  s.workspaceId = m.workspaceId and m.can("tickets.read_assigned");
grants(m: MemberActor, action: String, s: TicketStatus) if
  action in ["create", "update", "delete"] and
  s.workspaceId = m.workspaceId and m.can("ticket_setup.manage");

scope_allows(key: ApiKeyActor, "read", _: TicketStatus) if key.hasScope("tickets:read");
scope_allows(key: ApiKeyActor, action: String, _: TicketStatus) if
  action != "read" and key.hasScope("tickets:write");
key_limits(_: ApiKeyActor, _: TicketStatus);

grants(m: MemberActor, "read", t: TicketType) if
  t.workspaceId = m.workspaceId and m.can("tickets.read_all");
grants(m: MemberActor, "read", t: TicketType) if
  t.workspaceId = m.workspaceId and m.can("tickets.read_team");
grants(m: MemberActor, "read", t: TicketType) if
  t.workspaceId = m.workspaceId and m.can("tickets.read_assigned");
grants(m: MemberActor, action: String, t: TicketType) if
  action in ["create", "update", "delete"] and
  t.workspaceId = m.workspaceId and m.can("ticket_setup.manage");

scope_allows(key: ApiKeyActor, "read", _: TicketType) if key.hasScope("tickets:read");
scope_allows(key: ApiKeyActor, action: String, _: TicketType) if
  action != "read" and key.hasScope("tickets:write");
key_limits(_: ApiKeyActor, _: TicketType);

grants(m: MemberActor, "read", f: CustomField) if
  f.workspaceId = m.workspaceId and m.can("tickets.read_all");
grants(m: MemberActor, "read", f: CustomField) if
  f.workspaceId = m.workspaceId and m.can("tickets.read_team");
grants(m: MemberActor, "read", f: CustomField) if
  f.workspaceId = m.workspaceId and m.can("tickets.read_assigned");
grants(m: MemberActor, action: String, f: CustomField) if
  action in ["create", "update", "delete"] and
  f.workspaceId = m.workspaceId and m.can("ticket_setup.manage");

scope_allows(key: ApiKeyActor, "read", _: CustomField) if key.hasScope("tickets:read");
scope_allows(key: ApiKeyActor, action: String, _: CustomField) if
  action != "read" and key.hasScope("tickets:write");
key_limits(_: ApiKeyActor, _: CustomField);
