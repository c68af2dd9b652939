# Organisations: staff read with organizations.read and change with organizations.manage.
# A contact sees its own organisation.

grants(m: MemberActor, "read", o: Organization) if
  o.workspaceId = m.workspaceId and m.can("organizations.read");
grants(m: MemberActor, action: String, o: Organization) if
  action in ["create", "update", "delete"] and
  o.workspaceId = m.workspaceId and m.can("organizations.manage");

grants(me: ContactActor, "read", o: Organization) if
  me.organizationId != nil and o.id = me.organizationId;

scope_allows(key: ApiKeyActor, "read", _: Organization) if key.hasScope("contacts:read");
scope_allows(key: ApiKeyActor, action: String, _: Organization) if
  action != "read" and key.hasScope("contacts:write");

key_limits(_: ApiKeyActor, _: Organization);
