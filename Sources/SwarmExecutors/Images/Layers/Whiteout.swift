/// An OCI whiteout entry: a name that deletes, rather than adds, in the layers below.
enum Whiteout: Equatable {
    /// `DIR/.wh..wh..opq`: DIR hides everything lower layers put in it.
    case opaqueDirectory(LayerEntryPath)
    /// `DIR/.wh.NAME`: DIR/NAME of lower layers is deleted.
    case removal(LayerEntryPath)
    /// `.wh..wh.*` other than the opaque marker: AUFS bookkeeping, ignored as Docker does.
    case metadata

    private static let prefix = Array(".wh.".utf8)
    private static let opaqueMarker = Array(".wh..wh..opq".utf8)

    /// The whiteout `path` is, or nil if it is an ordinary entry.
    ///
    /// - Throws: `.invalidWhiteout` for a whiteout of `.` or `..`.
    init?(_ path: LayerEntryPath) throws(LayerEntryProblem) {
        guard let name = path.lastComponent, name.starts(with: Self.prefix) else { return nil }
        if name == Self.opaqueMarker {
            self = .opaqueDirectory(path.parent)
            return
        }
        let target = Array(name.dropFirst(Self.prefix.count))
        if target.starts(with: Self.prefix) {
            self = .metadata
            return
        }
        guard !target.isEmpty, target != Array(".".utf8), target != Array("..".utf8) else { throw .invalidWhiteout }
        self = .removal(path.parent.appending(target))
    }
}
