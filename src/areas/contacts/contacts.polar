# Contacts: staff with contacts.read see every contact; contacts.manage changes them.
# A contact (portal session) sees its own record.

grants(m: MemberActor, "read", c: Contact) if
  c.workspaceId = m.workspaceId and m.can("contacts.read");
grants(m: MemberActor, action: String, c: Contact) if
  action in ["create", "update", "delete", "merge"] and
  c.workspaceId = m.workspaceId and m.can("contacts.manage");

grants(me: ContactActor, "read", c: Contact) if c.id = me.id;

scope_allows(key: ApiKeyActor, "read", _: Contact) if key.hasScope("contacts:read");
scope_allows(key: ApiKeyActor, action: String, _: Contact) if
  action != "read" and key.hasScope("contacts:write");

# Contacts belong to no team: a team-limited key is not narrowed here.
key_limits(_: ApiKeyActor, _: Contact);
