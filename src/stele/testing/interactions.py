"""What the contracts say about each message's envelope: which messages are replies (to which
requests, within which window), which are asynchronous requests, which channels carry what."""

from __future__ import annotations

from dataclasses import dataclass, field

from stele.ir import Channel, ChannelStyle, MessageKind, Project, Style

ASYNC_STYLES = (Style.ASYNC_REQUEST_RESPONSE, Style.PUBLISH_ASYNC_RESPONSES)


@dataclass
class Interactions:
    requests_of: dict[str, set[str]] = field(default_factory=dict)  # reply -> its requests
    window_ms: dict[tuple[str, str], int] = field(default_factory=dict)  # (request, reply)
    async_requests: set[str] = field(default_factory=set)
    replies: set[str] = field(default_factory=set)  # every reply message
    channels: dict[str, Channel] = field(default_factory=dict)  # by name and by address

    def is_topic_request(self, message: str) -> bool:
        """A command on a publish-subscribe channel is allowed: a publish/async-responses
        request."""
        return message in self._topic_requests

    _topic_requests: set[str] = field(default_factory=set)


def interactions(project: Project) -> Interactions:
    found = Interactions()
    for message in project.messages.values():
        if message.kind is MessageKind.REPLY:
            found.replies.add(message.name)
    for op in project.operations():
        if op.style not in ASYNC_STYLES or op.message is None:
            continue
        found.async_requests.add(op.message)
        if op.style is Style.PUBLISH_ASYNC_RESPONSES:
            found._topic_requests.add(op.message)
        if op.reply is not None:
            found.replies.add(op.reply)
            found.requests_of.setdefault(op.reply, set()).add(op.message)
            if op.style is Style.PUBLISH_ASYNC_RESPONSES and op.window_ms is not None:
                found.window_ms[(op.message, op.reply)] = op.window_ms
    for channel in project.channels.values():
        found.channels[channel.name] = channel
        found.channels.setdefault(channel.short_name, channel)
        found.channels.setdefault(channel.address, channel)
    return found


def is_topic(channel: Channel) -> bool:
    return channel.style is ChannelStyle.PUBLISH_SUBSCRIBE
