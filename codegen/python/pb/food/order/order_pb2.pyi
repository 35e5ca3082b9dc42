import datetime

from food.accounting import accounting_pb2 as _accounting_pb2
from food.common import common_pb2 as _common_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OrderState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORDER_STATE_UNSPECIFIED: _ClassVar[OrderState]
    ORDER_STATE_APPROVAL_PENDING: _ClassVar[OrderState]
    ORDER_STATE_APPROVED: _ClassVar[OrderState]
    ORDER_STATE_REJECTED: _ClassVar[OrderState]
    ORDER_STATE_CANCEL_PENDING: _ClassVar[OrderState]
    ORDER_STATE_CANCELLED: _ClassVar[OrderState]
ORDER_STATE_UNSPECIFIED: OrderState
ORDER_STATE_APPROVAL_PENDING: OrderState
ORDER_STATE_APPROVED: OrderState
ORDER_STATE_REJECTED: OrderState
ORDER_STATE_CANCEL_PENDING: OrderState
ORDER_STATE_CANCELLED: OrderState

class LineItem(_message.Message):
    __slots__ = ("menu_item_id", "name", "quantity", "note", "unit_price")
    MENU_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    menu_item_id: str
    name: str
    quantity: int
    note: str
    unit_price: _common_pb2.Money
    def __init__(self, menu_item_id: _Optional[str] = ..., name: _Optional[str] = ..., quantity: _Optional[int] = ..., note: _Optional[str] = ..., unit_price: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class Order(_message.Message):
    __slots__ = ("id", "consumer_id", "restaurant_id", "items", "state", "total", "payment_method", "delivery_address", "placed_at", "deliver_by", "tags", "version", "delivery_instructions", "legacy_code", "cancellation")
    class Cancellation(_message.Message):
        __slots__ = ("reason", "cancelled_at", "refund")
        REASON_FIELD_NUMBER: _ClassVar[int]
        CANCELLED_AT_FIELD_NUMBER: _ClassVar[int]
        REFUND_FIELD_NUMBER: _ClassVar[int]
        reason: str
        cancelled_at: _timestamp_pb2.Timestamp
        refund: _common_pb2.Money
        def __init__(self, reason: _Optional[str] = ..., cancelled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refund: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    RESTAURANT_ID_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_METHOD_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PLACED_AT_FIELD_NUMBER: _ClassVar[int]
    DELIVER_BY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    LEGACY_CODE_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    consumer_id: str
    restaurant_id: str
    items: _containers.RepeatedCompositeFieldContainer[LineItem]
    state: OrderState
    total: _common_pb2.Money
    payment_method: _accounting_pb2.PaymentMethod
    delivery_address: _common_pb2.Address
    placed_at: _timestamp_pb2.Timestamp
    deliver_by: _timestamp_pb2.Timestamp
    tags: _containers.ScalarMap[str, str]
    version: int
    delivery_instructions: str
    legacy_code: str
    cancellation: Order.Cancellation
    def __init__(self, id: _Optional[str] = ..., consumer_id: _Optional[str] = ..., restaurant_id: _Optional[str] = ..., items: _Optional[_Iterable[_Union[LineItem, _Mapping]]] = ..., state: _Optional[_Union[OrderState, str]] = ..., total: _Optional[_Union[_common_pb2.Money, _Mapping]] = ..., payment_method: _Optional[_Union[_accounting_pb2.PaymentMethod, _Mapping]] = ..., delivery_address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., placed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deliver_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tags: _Optional[_Mapping[str, str]] = ..., version: _Optional[int] = ..., delivery_instructions: _Optional[str] = ..., legacy_code: _Optional[str] = ..., cancellation: _Optional[_Union[Order.Cancellation, _Mapping]] = ...) -> None: ...

class GetOrderRequest(_message.Message):
    __slots__ = ("order_id", "include_items")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ITEMS_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    include_items: bool
    def __init__(self, order_id: _Optional[str] = ..., include_items: _Optional[bool] = ...) -> None: ...

class ListOrdersRequest(_message.Message):
    __slots__ = ("consumer_id", "state", "page_size", "page_token")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    state: OrderState
    page_size: int
    page_token: str
    def __init__(self, consumer_id: _Optional[str] = ..., state: _Optional[_Union[OrderState, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class OrderPage(_message.Message):
    __slots__ = ("orders", "next_page_token")
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    orders: _containers.RepeatedCompositeFieldContainer[Order]
    next_page_token: str
    def __init__(self, orders: _Optional[_Iterable[_Union[Order, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class NewOrder(_message.Message):
    __slots__ = ("consumer_id", "restaurant_id", "items", "payment_method", "delivery_address", "deliver_by", "delivery_instructions")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    RESTAURANT_ID_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_METHOD_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DELIVER_BY_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    restaurant_id: str
    items: _containers.RepeatedCompositeFieldContainer[LineItem]
    payment_method: _accounting_pb2.PaymentMethod
    delivery_address: _common_pb2.Address
    deliver_by: _timestamp_pb2.Timestamp
    delivery_instructions: str
    def __init__(self, consumer_id: _Optional[str] = ..., restaurant_id: _Optional[str] = ..., items: _Optional[_Iterable[_Union[LineItem, _Mapping]]] = ..., payment_method: _Optional[_Union[_accounting_pb2.PaymentMethod, _Mapping]] = ..., delivery_address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., deliver_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delivery_instructions: _Optional[str] = ...) -> None: ...

class CreateOrderOutcome(_message.Message):
    __slots__ = ("order_id", "state", "rejection_reason")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASON_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    state: OrderState
    rejection_reason: str
    def __init__(self, order_id: _Optional[str] = ..., state: _Optional[_Union[OrderState, str]] = ..., rejection_reason: _Optional[str] = ...) -> None: ...

class OrderStateChange(_message.Message):
    __slots__ = ("order_id", "state", "changed_at")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    state: OrderState
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, order_id: _Optional[str] = ..., state: _Optional[_Union[OrderState, str]] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OrderCancellation(_message.Message):
    __slots__ = ("order_id", "cancellation")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    cancellation: Order.Cancellation
    def __init__(self, order_id: _Optional[str] = ..., cancellation: _Optional[_Union[Order.Cancellation, _Mapping]] = ...) -> None: ...
