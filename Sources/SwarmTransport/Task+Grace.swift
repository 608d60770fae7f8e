extension Task where Success == Void, Failure == Never {
    /// Waits for the task to end by itself for at most `grace`, then cancels it and waits for it
    /// to end.
    func end(cancellingAfter grace: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.value }
            group.addTask {
                // Cancelled (the task ended first) means nothing is left to cancel.
                guard (try? await Task<Never, Never>.sleep(for: grace)) != nil else { return }
                self.cancel()
            }
            await group.next()
            group.cancelAll()
        }
    }
}
