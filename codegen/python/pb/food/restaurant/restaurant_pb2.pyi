import datetime

from food.common import common_pb2 as _common_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MenuItem(_message.Message):
    __slots__ = ("id", "name", "price", "vegetarian", "contains_alcohol")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    VEGETARIAN_FIELD_NUMBER: _ClassVar[int]
    CONTAINS_ALCOHOL_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    price: _common_pb2.Money
    vegetarian: bool
    contains_alcohol: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., vegetarian: _Optional[bool] = ..., contains_alcohol: _Optional[bool] = ...) -> None: ...

class OpeningHours(_message.Message):
    __slots__ = ("opens", "closes")
    OPENS_FIELD_NUMBER: _ClassVar[int]
    CLOSES_FIELD_NUMBER: _ClassVar[int]
    opens: str
    closes: str
    def __init__(self, opens: _Optional[str] = ..., closes: _Optional[str] = ...) -> None: ...

class Restaurant(_message.Message):
    __slots__ = ("id", "name", "address", "cuisines", "rating", "menu", "opening_hours", "accepting_orders", "average_preparation_time")
    class OpeningHoursEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: OpeningHours
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[OpeningHours, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CUISINES_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    MENU_FIELD_NUMBER: _ClassVar[int]
    OPENING_HOURS_FIELD_NUMBER: _ClassVar[int]
    ACCEPTING_ORDERS_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_PREPARATION_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    address: _common_pb2.Address
    cuisines: _containers.RepeatedScalarFieldContainer[str]
    rating: float
    menu: _containers.RepeatedCompositeFieldContainer[MenuItem]
    opening_hours: _containers.MessageMap[str, OpeningHours]
    accepting_orders: bool
    average_preparation_time: _duration_pb2.Duration
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., cuisines: _Optional[_Iterable[str]] = ..., rating: _Optional[float] = ..., menu: _Optional[_Iterable[_Union[MenuItem, _Mapping]]] = ..., opening_hours: _Optional[_Mapping[str, OpeningHours]] = ..., accepting_orders: _Optional[bool] = ..., average_preparation_time: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class GetRestaurantRequest(_message.Message):
    __slots__ = ("restaurant_id",)
    RESTAURANT_ID_FIELD_NUMBER: _ClassVar[int]
    restaurant_id: str
    def __init__(self, restaurant_id: _Optional[str] = ...) -> None: ...

class MenuRevision(_message.Message):
    __slots__ = ("restaurant_id", "menu", "revised_at")
    RESTAURANT_ID_FIELD_NUMBER: _ClassVar[int]
    MENU_FIELD_NUMBER: _ClassVar[int]
    REVISED_AT_FIELD_NUMBER: _ClassVar[int]
    restaurant_id: str
    menu: _containers.RepeatedCompositeFieldContainer[MenuItem]
    revised_at: _timestamp_pb2.Timestamp
    def __init__(self, restaurant_id: _Optional[str] = ..., menu: _Optional[_Iterable[_Union[MenuItem, _Mapping]]] = ..., revised_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
