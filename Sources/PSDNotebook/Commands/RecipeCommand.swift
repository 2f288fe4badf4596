import PSDCore
import PSDData
import PSDModels

/// `recipe m`: how the model's features are built from the raw tables, as a runnable script.
enum RecipeCommand {
  static let spec = CommandSpec(
    name: "recipe", topic: "models",
    usage: ["recipe MODEL"],
    summary: "print the model's feature recipe: the statements that build its columns from the raw tables",
    details: """
      `train` keeps in the model the statements that built its training frame from loaded files \
      (load, replace, derive, filter, select, drop, rename, aggregate, join, encode, concat), with what \
      they learnt frozen: encode prints its levels. Row selections that only picked training rows (split, \
      a filter on the target, sort, the test branch of a concat) print as `filter X where true`; a filter \
      that defines the population is kept, and scoring flags applications outside it. The first comment \
      lines name the input tables `score MODEL with NAME=...` needs. `save` stores the recipe in the model \
      file; a model loaded from a file of format 1 has none.
      """,
    examples: ["recipe m"],
    run: run)

  @Sendable static func run(_ c: CommandContext) throws {
    let (model, name) = try c.model()
    guard let recipe = model.recipe else {
      var why =
        "it was loaded from a model file written before recipes existed (model format 1), or trained on a frame not built from loaded files"
      if let lineage = model.trainingRows {
        do {
          _ = try FeatureRecipe(lineage: lineage, target: model.target, idCandidates: [])
        } catch let e as PSDError {
          why = e.message
        }
      }
      throw PSDError(
        .model, "'\(name)' carries no recipe: \(why)",
        notes: [
          "it scores feature frames only (score \(name) on FRAME); retrain it from the study's script to score raw tables"
        ],
        subject: name)
    }
    c.print(recipe.script(modelName: name))
  }
}
