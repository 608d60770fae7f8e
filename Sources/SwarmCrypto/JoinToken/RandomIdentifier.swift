/// Random identities in Docker Swarm's shape (`identity.NewID`): 128 random bits as 25
/// lower-case base-36 characters, the same encoding as a join token's secret.
public enum RandomIdentifier {
    public static func make() -> String {
        Base36.encode(Sodium.randomBytes(count: JoinToken.secretByteCount), width: JoinToken.secretTextLength)
    }
}
