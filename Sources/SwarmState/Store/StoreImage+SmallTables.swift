/// A restore rewrites a handful of objects (the cluster and the nodes) of an image that may
/// hold 100,000 others: these decode and re-encode only those two tables and copy the bytes of
/// every other table as they are, so the result is the image a full decode, change and encode
/// would give (StoreFormatTests pins that), at a fraction of the cost.
extension StoreTables {
    /// The clusters and nodes of `image`; the other tables stay empty.
    ///
    /// - Throws: when `image` is not a store image or those tables are damaged.
    public init(clustersAndNodesOf image: [UInt8]) throws {
        self.init()
        try StoreImage.withTables(of: image) { fields in
            clusters = try fields.decode("clusters")
            nodes = try fields.decode("nodes")
        }
    }

    /// `image` with its clusters and nodes replaced by this value's, the bytes of its other
    /// tables copied unchanged.
    ///
    /// - Throws: when `image` is not a store image.
    public func image(replacingClustersAndNodesOf image: [UInt8]) throws -> [UInt8] {
        var writer = BinaryWriter(bytes: StoreImage.tag)
        writer.bytes.reserveCapacity(image.count + 4096)
        try StoreImage.withTables(of: image) { fields in
            try writer.keyed(count: fields.entries.count) { writer in
                for (key, value) in fields.entries {
                    let name = String(decoding: key, as: UTF8.self)
                    switch name {
                    case "clusters": try writer.entry(name, clusters)
                    case "nodes": try writer.entry(name, nodes)
                    default: writer.entry(name) { $0.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: value.buffer[value.range])) }
                    }
                }
            }
        }
        return writer.bytes
    }
}

extension StoreImage {
    /// Runs `body` on the top-level fields (the tables) of `image`.
    static func withTables(of image: [UInt8], _ body: (BinaryFields) throws -> Void) throws {
        guard image.starts(with: tag) else { throw StoreImageError.notAStoreImage }
        do {
            try image.withUnsafeBytes { buffer in
                try body(try BinaryFields(try BinaryValueReader(buffer, tag.count..<buffer.count)))
            }
        } catch let error as BinaryDecodingError {
            throw StoreImageError.unreadable("\(error)")
        }
    }
}
