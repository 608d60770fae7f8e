import RaftTypes

extension RaftStateMachine {
    /// Applies a committed `normal` entry's command; returns the proposal it carried and the
    /// state machine's reply, or nil for a new leader's empty entry.
    ///
    /// - Throws: `.unreadableEntry` when the entry holds no proposal envelope.
    func applyProposal(in entry: LogEntry) throws(RaftNodeError) -> (envelope: ProposalEnvelope, reply: [UInt8])? {
        guard !entry.data.isEmpty else { return nil }
        guard let envelope = ProposalEnvelope(decoding: entry.data) else { throw .unreadableEntry(entry.index) }
        return (envelope, apply(envelope.command, at: entry.index))
    }
}
