# SLA policies: holders of sla.manage read and write the workspace's policies (supervisors, admins, owners).
# The clocks of a ticket are read through the ticket itself (the Ticket rules decide), never through these.

grants(m: MemberActor, action: String, p: SlaPolicy) if
  action in ["read", "create", "update", "delete"] and
  p.workspaceId = m.workspaceId and m.can("sla.manage");

scope_allows(key: ApiKeyActor, "read", _: SlaPolicy) if key.hasScope("sla:read");
scope_allows(key: ApiKeyActor, action: String, _: SlaPolicy) if
  action != "read" and key.hasScope("sla:write");

# Policies belong to the workspace, not to a team: a team-limited key sees them like any other.
key_limits(_: ApiKeyActor, _: SlaPolicy);
