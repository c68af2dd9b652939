# Business hours: workspace configuration for SLA policies and inboxes.
#
# Written with sla.manage (supervisors, admins). Read by sla.manage holders and by any member who reads tickets
# (tickets.read_all, tickets.read_team or tickets.read_assigned): agents see which hours a ticket's SLA counts
# in, and an AI agent may ask whether the support team is open. Contacts and visitors get no rule here.

grants(m: MemberActor, "read", h: BusinessHours) if
  h.workspaceId = m.workspaceId and m.can("sla.manage");
grants(m: MemberActor, "read", h: BusinessHours) if
  h.workspaceId = m.workspaceId and m.can("tickets.read_all");
grants(m: MemberActor, "read", h: BusinessHours) if
  h.workspaceId = m.workspaceId and m.can("tickets.read_team");
grants(m: MemberActor, "read", h: BusinessHours) if
  h.workspaceId = m.workspaceId and m.can("tickets.read_assigned");
grants(m: MemberActor, action: String, h: BusinessHours) if
  action in ["create", "update", "delete"] and
  h.workspaceId = m.workspaceId and m.can("sla.manage");

scope_allows(key: ApiKeyActor, "read", _: BusinessHours) if key.hasScope("sla:read");
scope_allows(key: ApiKeyActor, action: String, _: BusinessHours) if
  action != "read" and key.hasScope("sla:write");

# Business hours belong to the workspace, not a team: a team-limited key is not narrowed here.
key_limits(_: ApiKeyActor, _: BusinessHours);
