using System.Runtime.Serialization;

namespace Initializers
{
    /// <summary>The TensorFlow dtypes. The canonical name of each is its TensorFlow name (<see cref="DTypes.Name"/>),
    /// which is also its <see cref="EnumMemberAttribute"/> value, so serializers that honour it (PowerShell's
    /// <c>ConvertTo-Json -EnumsAsStrings</c>, Newtonsoft's StringEnumConverter, DataContract) write <c>float32</c>.</summary>
    public enum DType
    {
        /// <summary>IEEE 754 half precision (1 sign, 5 exponent, 10 mantissa bits; largest finite 65504), TensorFlow <c>float16</c>. Stored as its 16 raw bits (a <see cref="ushort"/>); elements read back as <see cref="float"/>.</summary>
        [EnumMember(Value = "float16")]
        Float16,
        /// <summary>Brain floating point (the upper 16 bits of a float32: 8 exponent, 7 mantissa bits; float32's range at about 3 significant digits), TensorFlow <c>bfloat16</c>. Stored as its 16 raw bits; elements read back as <see cref="float"/>; conversion from float32 rounds to nearest even.</summary>
        [EnumMember(Value = "bfloat16")]
        BFloat16,
        /// <summary>IEEE 754 single precision, TensorFlow <c>float32</c> (<see cref="float"/>). The default dtype of every initializer, as in Keras.</summary>
        [EnumMember(Value = "float32")]
        Float32,
        /// <summary>IEEE 754 double precision, TensorFlow <c>float64</c> (<see cref="double"/>).</summary>
        [EnumMember(Value = "float64")]
        Float64,
        /// <summary>Signed 8-bit integer, -128 to 127 (<see cref="sbyte"/>).</summary>
        [EnumMember(Value = "int8")]
        Int8,
        /// <summary>Signed 16-bit integer, -32768 to 32767 (<see cref="short"/>).</summary>
        [EnumMember(Value = "int16")]
        Int16,
        /// <summary>Signed 32-bit integer (<see cref="int"/>).</summary>
        [EnumMember(Value = "int32")]
        Int32,
        /// <summary>Signed 64-bit integer (<see cref="long"/>).</summary>
        [EnumMember(Value = "int64")]
        Int64,
        /// <summary>Unsigned 8-bit integer, 0 to 255 (<see cref="byte"/>).</summary>
        [EnumMember(Value = "uint8")]
        UInt8,
        /// <summary>Unsigned 16-bit integer, 0 to 65535 (<see cref="ushort"/>).</summary>
        [EnumMember(Value = "uint16")]
        UInt16,
        /// <summary>Unsigned 32-bit integer (<see cref="uint"/>).</summary>
        [EnumMember(Value = "uint32")]
        UInt32,
        /// <summary>Unsigned 64-bit integer (<see cref="ulong"/>).</summary>
        [EnumMember(Value = "uint64")]
        UInt64,
        /// <summary>Boolean (<see cref="bool"/>). Zeros, Ones and Constant fill it (a nonzero constant is true); the random initializers refuse it, as in TensorFlow.</summary>
        [EnumMember(Value = "bool")]
        Bool,
        /// <summary>Complex number of two float32 parts. Elements read back as <see cref="System.Numerics.Complex"/> (whose parts are double) so that no third-party type is on the public surface.</summary>
        [EnumMember(Value = "complex64")]
        Complex64,
        /// <summary>Complex number of two float64 parts (<see cref="System.Numerics.Complex"/>).</summary>
        [EnumMember(Value = "complex128")]
        Complex128,
        /// <summary>Text elements (<see cref="string"/>), TensorFlow <c>string</c>. Zeros fills it with empty strings and Constant with its values (numbers written as invariant text); Ones and the random initializers refuse it, as in Keras.</summary>
        [EnumMember(Value = "string")]
        String,
    }
}
