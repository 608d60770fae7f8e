/// What an extraction does with OCI whiteout entries (`.wh.NAME` and `.wh..wh..opq`).
public enum WhiteoutHandling: Sendable {
    /// Applies them to what earlier layers put in the directory and writes no marker: `.wh.NAME`
    /// deletes NAME, `.wh..wh..opq` empties its directory of what lower layers put there. What
    /// the same layer adds stays. For building a root filesystem layer by layer.
    case apply
    /// Writes them as the empty files they are, for unpacking one layer on its own, so that its
    /// directory keeps what the layer deletes.
    case keepAsFiles
}
