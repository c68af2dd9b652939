# Invitations: members.manage invites, lists and revokes (members:read/write for keys). Accepting is public:
# the token is the credential, and the inviter's right to grant the role is checked again then.

grants(m: MemberActor, action: String, i: Invitation) if
  action in ["read", "create", "revoke"] and
  i.workspaceId = m.workspaceId and m.can("members.manage");
scope_allows(key: ApiKeyActor, "read", _: Invitation) if key.hasScope("members:read");
scope_allows(key: ApiKeyActor, action: String, _: Invitation) if
  action != "read" and key.hasScope("members:write");
key_limits(_: ApiKeyActor, _: Invitation);
