import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TicketState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TICKET_STATE_UNSPECIFIED: _ClassVar[TicketState]
    TICKET_STATE_CREATE_PENDING: _ClassVar[TicketState]
    TICKET_STATE_AWAITING_ACCEPTANCE: _ClassVar[TicketState]
    TICKET_STATE_ACCEPTED: _ClassVar[TicketState]
    TICKET_STATE_PREPARING: _ClassVar[TicketState]
    TICKET_STATE_READY_FOR_PICKUP: _ClassVar[TicketState]
    TICKET_STATE_PICKED_UP: _ClassVar[TicketState]
    TICKET_STATE_CANCELLED: _ClassVar[TicketState]
TICKET_STATE_UNSPECIFIED: TicketState
TICKET_STATE_CREATE_PENDING: TicketState
TICKET_STATE_AWAITING_ACCEPTANCE: TicketState
TICKET_STATE_ACCEPTED: TicketState
TICKET_STATE_PREPARING: TicketState
TICKET_STATE_READY_FOR_PICKUP: TicketState
TICKET_STATE_PICKED_UP: TicketState
TICKET_STATE_CANCELLED: TicketState

class Ticket(_message.Message):
    __slots__ = ("id", "order_id", "restaurant_id", "lines", "state", "preparation_time", "accepted_at", "ready_by")
    class Line(_message.Message):
        __slots__ = ("menu_item_id", "name", "quantity")
        MENU_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
        NAME_FIELD_NUMBER: _ClassVar[int]
        QUANTITY_FIELD_NUMBER: _ClassVar[int]
        menu_item_id: str
        name: str
        quantity: int
        def __init__(self, menu_item_id: _Optional[str] = ..., name: _Optional[str] = ..., quantity: _Optional[int] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    RESTAURANT_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PREPARATION_TIME_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_AT_FIELD_NUMBER: _ClassVar[int]
    READY_BY_FIELD_NUMBER: _ClassVar[int]
    id: str
    order_id: str
    restaurant_id: str
    lines: _containers.RepeatedCompositeFieldContainer[Ticket.Line]
    state: TicketState
    preparation_time: _duration_pb2.Duration
    accepted_at: _timestamp_pb2.Timestamp
    ready_by: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., order_id: _Optional[str] = ..., restaurant_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[Ticket.Line, _Mapping]]] = ..., state: _Optional[_Union[TicketState, str]] = ..., preparation_time: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., accepted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ready_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketRequest(_message.Message):
    __slots__ = ("order_id", "restaurant_id", "lines")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    RESTAURANT_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    restaurant_id: str
    lines: _containers.RepeatedCompositeFieldContainer[Ticket.Line]
    def __init__(self, order_id: _Optional[str] = ..., restaurant_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[Ticket.Line, _Mapping]]] = ...) -> None: ...

class TicketDetails(_message.Message):
    __slots__ = ("ticket_id", "order_id", "estimated_preparation_time")
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_PREPARATION_TIME_FIELD_NUMBER: _ClassVar[int]
    ticket_id: str
    order_id: str
    estimated_preparation_time: _duration_pb2.Duration
    def __init__(self, ticket_id: _Optional[str] = ..., order_id: _Optional[str] = ..., estimated_preparation_time: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class GetTicketRequest(_message.Message):
    __slots__ = ("ticket_id",)
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    ticket_id: str
    def __init__(self, ticket_id: _Optional[str] = ...) -> None: ...
