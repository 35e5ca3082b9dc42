import datetime

from food.common import common_pb2 as _common_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NotificationChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTIFICATION_CHANNEL_UNSPECIFIED: _ClassVar[NotificationChannel]
    NOTIFICATION_CHANNEL_EMAIL: _ClassVar[NotificationChannel]
    NOTIFICATION_CHANNEL_SMS: _ClassVar[NotificationChannel]
    NOTIFICATION_CHANNEL_PUSH: _ClassVar[NotificationChannel]
NOTIFICATION_CHANNEL_UNSPECIFIED: NotificationChannel
NOTIFICATION_CHANNEL_EMAIL: NotificationChannel
NOTIFICATION_CHANNEL_SMS: NotificationChannel
NOTIFICATION_CHANNEL_PUSH: NotificationChannel

class Consumer(_message.Message):
    __slots__ = ("id", "name", "email", "phone", "birth_date", "default_address", "loyalty_points", "avatar", "registered_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_POINTS_FIELD_NUMBER: _ClassVar[int]
    AVATAR_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    email: str
    phone: str
    birth_date: str
    default_address: _common_pb2.Address
    loyalty_points: int
    avatar: bytes
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., birth_date: _Optional[str] = ..., default_address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., loyalty_points: _Optional[int] = ..., avatar: _Optional[bytes] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetConsumerRequest(_message.Message):
    __slots__ = ("consumer_id",)
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    def __init__(self, consumer_id: _Optional[str] = ...) -> None: ...

class CreateConsumerRequest(_message.Message):
    __slots__ = ("name", "email", "phone", "birth_date", "default_address")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    name: str
    email: str
    phone: str
    birth_date: str
    default_address: _common_pb2.Address
    def __init__(self, name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., birth_date: _Optional[str] = ..., default_address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ...) -> None: ...

class ValidateOrderRequest(_message.Message):
    __slots__ = ("consumer_id", "order_total", "contains_alcohol")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_TOTAL_FIELD_NUMBER: _ClassVar[int]
    CONTAINS_ALCOHOL_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    order_total: _common_pb2.Money
    contains_alcohol: bool
    def __init__(self, consumer_id: _Optional[str] = ..., order_total: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., contains_alcohol: _Optional[bool] = ...) -> None: ...

class OrderValidation(_message.Message):
    __slots__ = ("consumer_id", "approved", "reason")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    approved: bool
    reason: str
    def __init__(self, consumer_id: _Optional[str] = ..., approved: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...

class Notification(_message.Message):
    __slots__ = ("consumer_id", "channel", "subject", "text", "data")
    class DataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    channel: NotificationChannel
    subject: str
    text: str
    data: _containers.ScalarMap[str, str]
    def __init__(self, consumer_id: _Optional[str] = ..., channel: _Optional[_Union[NotificationChannel, str]] = ..., subject: _Optional[str] = ..., text: _Optional[str] = ..., data: _Optional[_Mapping[str, str]] = ...) -> None: ...
