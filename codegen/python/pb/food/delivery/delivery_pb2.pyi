import datetime

from food.common import common_pb2 as _common_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VehicleType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VEHICLE_TYPE_UNSPECIFIED: _ClassVar[VehicleType]
    VEHICLE_TYPE_BICYCLE: _ClassVar[VehicleType]
    VEHICLE_TYPE_SCOOTER: _ClassVar[VehicleType]
    VEHICLE_TYPE_CAR: _ClassVar[VehicleType]

class DeliveryState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_STATE_UNSPECIFIED: _ClassVar[DeliveryState]
    DELIVERY_STATE_PENDING: _ClassVar[DeliveryState]
    DELIVERY_STATE_SCHEDULED: _ClassVar[DeliveryState]
    DELIVERY_STATE_PICKED_UP: _ClassVar[DeliveryState]
    DELIVERY_STATE_DELIVERED: _ClassVar[DeliveryState]
    DELIVERY_STATE_CANCELLED: _ClassVar[DeliveryState]
VEHICLE_TYPE_UNSPECIFIED: VehicleType
VEHICLE_TYPE_BICYCLE: VehicleType
VEHICLE_TYPE_SCOOTER: VehicleType
VEHICLE_TYPE_CAR: VehicleType
DELIVERY_STATE_UNSPECIFIED: DeliveryState
DELIVERY_STATE_PENDING: DeliveryState
DELIVERY_STATE_SCHEDULED: DeliveryState
DELIVERY_STATE_PICKED_UP: DeliveryState
DELIVERY_STATE_DELIVERED: DeliveryState
DELIVERY_STATE_CANCELLED: DeliveryState

class Courier(_message.Message):
    __slots__ = ("id", "name", "vehicle", "location", "available")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VEHICLE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    vehicle: VehicleType
    location: _common_pb2.GeoPoint
    available: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., vehicle: _Optional[_Union[VehicleType, str]] = ..., location: _Optional[_Union[_common_pb2.GeoPoint, _Mapping]] = ..., available: _Optional[bool] = ...) -> None: ...

class Delivery(_message.Message):
    __slots__ = ("id", "order_id", "courier_id", "pickup_address", "dropoff_address", "state", "pickup_time", "distance_km", "proof_of_delivery")
    ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    COURIER_ID_FIELD_NUMBER: _ClassVar[int]
    PICKUP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DROPOFF_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PICKUP_TIME_FIELD_NUMBER: _ClassVar[int]
    DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    PROOF_OF_DELIVERY_FIELD_NUMBER: _ClassVar[int]
    id: str
    order_id: str
    courier_id: str
    pickup_address: _common_pb2.Address
    dropoff_address: _common_pb2.Address
    state: DeliveryState
    pickup_time: _timestamp_pb2.Timestamp
    distance_km: float
    proof_of_delivery: bytes
    def __init__(self, id: _Optional[str] = ..., order_id: _Optional[str] = ..., courier_id: _Optional[str] = ..., pickup_address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., dropoff_address: _Optional[_Union[_common_pb2.Address, _Mapping]] = ..., state: _Optional[_Union[DeliveryState, str]] = ..., pickup_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., distance_km: _Optional[float] = ..., proof_of_delivery: _Optional[bytes] = ...) -> None: ...

class GetDeliveryRequest(_message.Message):
    __slots__ = ("delivery_id",)
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    def __init__(self, delivery_id: _Optional[str] = ...) -> None: ...

class AvailabilityRequest(_message.Message):
    __slots__ = ("delivery_id", "pickup_location", "ready_at", "max_distance_km")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    PICKUP_LOCATION_FIELD_NUMBER: _ClassVar[int]
    READY_AT_FIELD_NUMBER: _ClassVar[int]
    MAX_DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    pickup_location: _common_pb2.GeoPoint
    ready_at: _timestamp_pb2.Timestamp
    max_distance_km: float
    def __init__(self, delivery_id: _Optional[str] = ..., pickup_location: _Optional[_Union[_common_pb2.GeoPoint, _Mapping]] = ..., ready_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_distance_km: _Optional[float] = ...) -> None: ...

class Offer(_message.Message):
    __slots__ = ("courier_id", "delivery_id", "eta", "fee")
    COURIER_ID_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    ETA_FIELD_NUMBER: _ClassVar[int]
    FEE_FIELD_NUMBER: _ClassVar[int]
    courier_id: str
    delivery_id: str
    eta: _duration_pb2.Duration
    fee: _common_pb2.Money
    def __init__(self, courier_id: _Optional[str] = ..., delivery_id: _Optional[str] = ..., eta: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., fee: _Optional[_Union[_common_pb2.Money, _Mapping]] = ...) -> None: ...

class DeliveryAssignment(_message.Message):
    __slots__ = ("delivery_id", "order_id", "courier_id", "at")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    COURIER_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    order_id: str
    courier_id: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, delivery_id: _Optional[str] = ..., order_id: _Optional[str] = ..., courier_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
