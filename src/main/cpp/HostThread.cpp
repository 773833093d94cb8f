#include "HostThread.h"

#include <pthread.h>

#include <utility>

namespace adm {

HostThread::HostThread(std::chrono::milliseconds deadline)
    : mDeadline(deadline), mThread([state = mState] { serve(state); }) {}

HostThread::~HostThread() {
    std::unique_lock<std::mutex> lock(mState->mutex);
    mState->stopping = true;
    mState->wake.notify_all();
    // What is queued runs first (closing streams). A thread still in the host after a deadline (or stuck
    // there already) is left behind: it ends, with its state, whenever the host lets it go.
    if (!mState->stuck() && mState->exited.wait_for(lock, mDeadline, [&] { return mState->ended; })) {
        lock.unlock();
        mThread.join();
    } else {
        lock.unlock();
        mThread.detach();
    }
}

void HostThread::serve(const std::shared_ptr<State>& state) {
    pthread_setname_np(pthread_self(), "adm-host");
    std::unique_lock<std::mutex> lock(state->mutex);
    for (;;) {
        state->wake.wait(lock, [&] { return !state->queue.empty() || state->stopping; });
        if (state->queue.empty()) {
            state->ended = true;  // stopping, and nothing left to do
            state->exited.notify_all();
            return;
        }
        std::shared_ptr<Job> job = std::move(state->queue.front());
        state->queue.pop_front();
        job->started = true;
        state->running = job;
        state->runningSince = std::chrono::steady_clock::now();
        lock.unlock();
        job->call();
        lock.lock();
        state->running = nullptr;  // the host answers again
        job->done = true;
        if (job->abandoned) {
            if (job->late) {
                lock.unlock();
                job->late();
                lock.lock();
            }
        }
        state->done.notify_all();
    }
}

HostThread::Outcome HostThread::callWithin(std::chrono::milliseconds deadline, std::function<void()> work,
                                           std::function<void()> late) {
    auto job = std::make_shared<Job>();
    job->call = std::move(work);
    job->late = std::move(late);
    job->deadline = deadline;
    std::unique_lock<std::mutex> lock(mState->mutex);
    if (mState->stuck() || mState->stopping) {
        return Outcome::NotRun;
    }
    mState->queue.push_back(job);
    mState->wake.notify_one();
    if (mState->done.wait_for(lock, deadline, [&] { return job->done; })) {
        return Outcome::Answered;
    }
    if (!job->started) {
        // Still queued behind others: take it back, it never runs.
        for (auto it = mState->queue.begin(); it != mState->queue.end(); ++it) {
            if (*it == job) {
                mState->queue.erase(it);
                break;
            }
        }
        return Outcome::NotRun;
    }
    job->abandoned = true;  // running since before our deadline: stuck(), from now on, for everyone
    return Outcome::LeftBehind;
}

void HostThread::defer(std::function<void()> work) {
    auto job = std::make_shared<Job>();
    job->call = std::move(work);
    job->deadline = mDeadline;
    {
        std::lock_guard<std::mutex> lock(mState->mutex);
        mState->queue.push_back(std::move(job));
    }
    mState->wake.notify_one();
}

bool HostThread::answering() const {
    std::lock_guard<std::mutex> lock(mState->mutex);
    return !mState->stuck();
}

}  // namespace adm
