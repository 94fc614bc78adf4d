using System;
using System.Collections.Generic;
using System.Linq;

namespace Initializers.Models.Weights
{
    /// <summary>The values the model weight writers (<see cref="KerasWeightsFile"/>) lay out:
    /// one <see cref="TensorElements"/> per weight of the plan, checked against the weight before any file is touched.</summary>
    internal static class WeightValues
    {
        /// <summary>Asks <paramref name="values"/> for every weight's elements, in plan order, and checks that each has the
        /// weight's shape and dtype.</summary>
        /// <exception cref="InitializerException">WeightValuesMismatch naming the weight.</exception>
        public static List<TensorElements> Resolve(ModelWeightPlan plan, Func<ModelWeight, TensorElements> values)
        {
            if (plan is null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            if (values is null)
            {
                throw new ArgumentNullException(nameof(values));
            }

            var list = new List<TensorElements>(plan.Weights.Count);
            foreach (var weight in plan.Weights)
            {
                var elements = values(weight) ?? throw new ArgumentNullException(nameof(values), $"No values were given for the weight '{weight.Path}'.");
                Check(weight, elements);
                list.Add(elements);
            }

            return list;
        }

        /// <summary>Checks that <paramref name="elements"/> have the shape and dtype of <paramref name="weight"/>.</summary>
        /// <exception cref="InitializerException">WeightValuesMismatch naming the weight.</exception>
        public static void Check(ModelWeight weight, TensorElements elements)
        {
            if (elements.DType != weight.DType || !elements.Shape.SequenceEqual(weight.Shape))
            {
                throw new InitializerException(
                    "WeightValuesMismatch",
                    ErrorKind.InvalidArgument,
                    $"The values given for the weight '{weight.Path}' are {elements.DType.Name()} {TensorShape.Format(elements.Shape)}; the weight is {weight.DType.Name()} {TensorShape.Format(weight.Shape)}.",
                    weight.Path);
            }
        }
    }
}
