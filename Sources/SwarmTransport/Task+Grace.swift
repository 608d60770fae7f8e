extension Task where Success == Void, Failure == Never {
    /// Waits for the task to end by itself for at most `grace`, then cancels it and waits for it
    /// to end.
    func end(cancellingAfter grace: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.value }
            group.addTask {
                try? await Task<Never, Never>.sleep(for: grace)
                self.cancel()
            }
            await group.next()
            group.cancelAll()
        }
    }
}
