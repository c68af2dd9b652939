# Webhooks: everything needs webhooks.manage (a webhook receives every matching event of the workspace, so
# reading one's configuration and delivery log is as sensitive as changing it).

grants(m: MemberActor, action: String, w: Webhook) if
  action in ["read", "create", "update", "delete", "rotate_secret", "redeliver", "ping"] and
  w.workspaceId = m.workspaceId and m.can("webhooks.manage");

scope_allows(key: ApiKeyActor, "read", _: Webhook) if key.hasScope("webhooks:read");
scope_allows(key: ApiKeyActor, action: String, _: Webhook) if
  action != "read" and key.hasScope("webhooks:write");

# Webhooks belong to the workspace, not a team: a team-limited key is not narrowed here.
key_limits(_: ApiKeyActor, _: Webhook);
