// Maps the opaque handles that Java holds to native objects. A handle is never reused, so a
// stale or forged handle from Java finds nothing instead of freed memory.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace adm {

template <typename T>
class HandleTable {
public:
    int64_t add(std::shared_ptr<T> object) {
        std::lock_guard<std::mutex> lock(mMutex);
        const int64_t handle = mNext++;
        mObjects.emplace(handle, std::move(object));
        return handle;
    }

    /// The object, or null when the handle is unknown or removed.
    std::shared_ptr<T> find(int64_t handle) const {
        std::lock_guard<std::mutex> lock(mMutex);
        auto it = mObjects.find(handle);
        return it == mObjects.end() ? nullptr : it->second;
    }

    /// Removes and returns the object; callers still holding it keep it alive.
    std::shared_ptr<T> remove(int64_t handle) {
        std::lock_guard<std::mutex> lock(mMutex);
        auto it = mObjects.find(handle);
        if (it == mObjects.end()) {
            return nullptr;
        }
        std::shared_ptr<T> object = std::move(it->second);
        mObjects.erase(it);
        return object;
    }

    /**
     * A table that lives as long as the process: never destroyed, not even by exit(). At JVM exit, static
     * destructors run while Java threads may still be in native calls (a dispatcher draining, a PCM read),
     * and closing modules there would call into a host that may be dead: the operating system reclaims it all.
     */
    static HandleTable& forProcess() {
        static HandleTable* const table = std::make_unique<HandleTable>().release();  // on purpose, see above
        return *table;
    }

private:
    mutable std::mutex mMutex;
    std::unordered_map<int64_t, std::shared_ptr<T>> mObjects;
    int64_t mNext = 1;
};

}  // namespace adm
