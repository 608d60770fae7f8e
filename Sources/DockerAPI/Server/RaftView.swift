/// The Raft group as the answering manager sees it: who leads, and which managers it cannot
/// reach. `docker node ls` shows both in the MANAGER STATUS column.
public struct RaftView: Sendable {
    public var leaderMemberID: UInt64?
    /// Members whose latest probe from this manager went unanswered.
    public var unreachableMemberIDs: Set<UInt64>

    public init(leaderMemberID: UInt64?, unreachableMemberIDs: Set<UInt64>) {
        self.leaderMemberID = leaderMemberID
        self.unreachableMemberIDs = unreachableMemberIDs
    }

    /// Docker's `Reachability` of `member`.
    func reachability(of member: UInt64) -> String {
        unreachableMemberIDs.contains(member) ? "unreachable" : "reachable"
    }
}
