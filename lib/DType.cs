using System.Runtime.Serialization;

namespace Initializers
{
    /// <summary>The TensorFlow dtypes. The canonical name of each is its TensorFlow name (<see cref="DTypes.Name"/>),
    /// which is also its <see cref="EnumMemberAttribute"/> value, so serializers that honour it (PowerShell's
    /// <c>ConvertTo-Json -EnumsAsStrings</c>, Newtonsoft's StringEnumConverter, DataContract) write <c>float32</c>.</summary>
    public enum DType
    {
        [EnumMember(Value = "float16")]
        Float16,
        [EnumMember(Value = "bfloat16")]
        BFloat16,
        [EnumMember(Value = "float32")]
        Float32,
        [EnumMember(Value = "float64")]
        Float64,
        [EnumMember(Value = "int8")]
        Int8,
        [EnumMember(Value = "int16")]
        Int16,
        [EnumMember(Value = "int32")]
        Int32,
        [EnumMember(Value = "int64")]
        Int64,
        [EnumMember(Value = "uint8")]
        UInt8,
        [EnumMember(Value = "uint16")]
        UInt16,
        [EnumMember(Value = "uint32")]
        UInt32,
        [EnumMember(Value = "uint64")]
        UInt64,
        [EnumMember(Value = "bool")]
        Bool,
        [EnumMember(Value = "complex64")]
        Complex64,
        [EnumMember(Value = "complex128")]
        Complex128,
        [EnumMember(Value = "string")]
        String,
    }
}
