import SwarmManager
import SwarmState
import SwarmTransport

extension ControlAPI {
    /// The Raft addresses of the managers the store lists other than Raft member `member`, with
    /// `first` (the leader, when known) ahead of the rest.
    func managerAddresses(otherThan member: UInt64, first: UInt64? = nil) -> [TransportAddress] {
        let others = raftMembers().compactMap(\.managerStatus).filter { $0.raftMemberID != member }
        let ordered = others.filter { $0.raftMemberID == first } + others.filter { $0.raftMemberID != first }
        return ordered.compactMap { TransportAddress($0.address) }
    }
}
