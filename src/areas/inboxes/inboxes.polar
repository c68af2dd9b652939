# Inboxes. Members who may read tickets at all (tickets.read_all, tickets.read_team or tickets.read_assigned,
# workspace-wide or within a team) read the workspace's inboxes and their members: agents pick an inbox in their
# frontends. inboxes.manage reads them too, and alone creates, changes and deletes inboxes and their members.
#
# API keys need routing:read / routing:write; a key limited to inboxes (`inboxIds`) sees only those inboxes and,
# since a new inbox lies outside its limit, creates none.

reads_inboxes(m: MemberActor) if
  permission in ["tickets.read_all", "tickets.read_team", "tickets.read_assigned", "inboxes.manage"] and
  (m.can(permission) or m.teamsWith(permission).length > 0);

grants(m: MemberActor, "read", i: Inbox) if
  reads_inboxes(m) and i.workspaceId = m.workspaceId;
grants(m: MemberActor, action: String, i: Inbox) if
  action in ["create", "update", "delete"] and
  i.workspaceId = m.workspaceId and m.can("inboxes.manage");

scope_allows(key: ApiKeyActor, "read", _: Inbox) if key.hasScope("routing:read");
scope_allows(key: ApiKeyActor, action: String, _: Inbox) if
  action != "read" and key.hasScope("routing:write");

key_limits(key: ApiKeyActor, _: Inbox) if key.allInboxes();
key_limits(key: ApiKeyActor, i: Inbox) if inbox in key.inboxIds and i.id = inbox;
